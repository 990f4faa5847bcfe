"""Keras fidelity over seeds: fmnist and Keras 3 train the same model with the seed study's recipe
(batch 32, Adam 1e-3 epsilon 1e-7, validation split 0.1, 10 epochs, float32) once per seed, the
two frameworks interleaved seed by seed; prints per model and framework the mean and sample
standard deviation of the final test accuracy and loss, the p-value of Welch's t-test (unequal
variances) and whether the means lie within two standard errors of their difference
("Keras-equivalent"). Run through bench/fidelity.sh.
"""
import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

from scipy import stats

from train_speed import BENCH, ROOT, THREADS, machine, run

RECIPE = ["--epochs", "10", "--batch-size", "32", "--learning-rate", "0.001",
          "--validation-split", "0.1"]


def recipe(args):
    out = list(RECIPE)
    out[1] = str(args.epochs)
    if args.limit_train:
        out += ["--limit-train", str(args.limit_train)]
    return out


def fmnist(model, seed, args, out):
    run_dir = out / f"fmnist-{model}-seed{seed}"
    run(f"fmnist {model} seed {seed}",
        [str(ROOT / "fmnist"), "train", "--model", model, "--kernel-size", "3", "--seed", str(seed),
         "--threads", str(THREADS), "--no-plots", "--run-dir", str(run_dir)] + recipe(args))
    metrics = json.loads((run_dir / "test_metrics.json").read_text())
    return {"accuracy": metrics["accuracy"], "loss": metrics["loss"]}


def keras(model, seed, args):
    lines, _, _ = run(f"keras {model} seed {seed}",
                      [sys.executable, "peer_keras.py", "--model", model, "--seed", str(seed),
                       "--threads", str(THREADS)] + recipe(args))
    last = [l for l in lines if "epoch" in l][-1]
    return {"accuracy": last["test_accuracy"], "loss": last["test_loss"]}


def compare(a, b):
    """Welch's t-test p-value and whether |mean a - mean b| < 2 standard errors of the difference."""
    if len(a) < 2 or len(b) < 2:
        return {"p": None, "se": None, "within_2se": None}
    se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
    diff = statistics.mean(a) - statistics.mean(b)
    p = stats.ttest_ind(a, b, equal_var=False).pvalue
    return {"p": None if math.isnan(p) else float(p), "se": se, "difference": diff,
            "within_2se": abs(diff) < 2 * se if se > 0 else diff == 0}


def describe(values):
    sd = statistics.stdev(values) if len(values) > 1 else float("nan")
    return statistics.mean(values), sd


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--models", default="cnn,baseline")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--limit-train", type=int, default=0, help="first N training images (smoke runs)")
    args = p.parse_args()
    out = BENCH / "results" / ("fidelity-" + time.strftime("%Y%m%d-%H%M%S"))
    out.mkdir(parents=True)
    report = {"machine": machine(), "args": vars(args), "models": {}}
    for model in args.models.split(","):
        runs = {"fmnist": [], "keras": []}
        for seed in range(1, args.seeds + 1):
            runs["fmnist"].append(fmnist(model, seed, args, out))
            runs["keras"].append(keras(model, seed, args))
        report["models"][model] = {"runs": runs}
        print(f"\n== {model} ({args.seeds} seeds, {args.epochs} epochs) ==")
        print(f"{'framework':<8} {'test accuracy':>20} {'test loss':>18}")
        for framework, results in runs.items():
            acc = describe([r["accuracy"] for r in results])
            loss = describe([r["loss"] for r in results])
            print(f"{framework:<8} {100 * acc[0]:10.2f} ± {100 * acc[1]:.2f} % {loss[0]:10.4f} ± {loss[1]:.4f}")
        for metric in ("accuracy", "loss"):
            c = compare([r[metric] for r in runs["fmnist"]], [r[metric] for r in runs["keras"]])
            report["models"][model][metric] = c
            verdict = {True: "Keras-equivalent", False: "NOT within 2 SE", None: "n/a"}[c["within_2se"]]
            p_text = "n/a" if c["p"] is None else f"{c['p']:.3f}"
            print(f"{metric}: Welch's t-test p = {p_text}; {verdict}")
    (out / "report.json").write_text(json.dumps(report, indent=1))
    print(f"\nmachine: {report['machine']}\nfull results: {out / 'report.json'}")


if __name__ == "__main__":
    main()
