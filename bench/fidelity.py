"""Keras fidelity over seeds: fmnist and Keras 3 train the same model with the seed study's recipe
(batch 32, Adam 1e-3 epsilon 1e-7, validation split 0.1, 10 epochs, float32) once per seed, the
two frameworks interleaved seed by seed; prints per model and framework the mean and sample
standard deviation of the final test accuracy and loss, the p-value of Welch's t-test (unequal
variances) and whether the means lie within two standard errors of their difference
("Keras-equivalent"). Run through bench/fidelity.sh. `--fmnist-from DIR` takes the fmnist runs from
an earlier report folder (fmnist's training is bit-deterministic per seed) and trains only Keras.
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
    name = f"fmnist-{model}-seed{seed}"
    if args.fmnist_from:
        return reused(args.fmnist_from / name, model, seed, args)
    run_dir = out / name
    run(f"fmnist {model} seed {seed}",
        [str(ROOT / "fmnist"), "train", "--model", model, "--kernel-size", "3", "--seed", str(seed),
         "--threads", str(THREADS), "--no-plots", "--run-dir", str(run_dir)] + recipe(args))
    return test_metrics(run_dir)


def reused(run_dir, model, seed, args):
    """A finished fmnist run of this very recipe and seed from an earlier report folder: fmnist's
    training is bit-deterministic per seed, so training it again would give the same numbers."""
    if not (run_dir / "test_metrics.json").is_file():
        raise SystemExit(f"--fmnist-from: {run_dir} holds no finished run")
    config = json.loads((run_dir / "config.json").read_text())
    wanted = {"model": model, "kernelSize": 3, "seed": seed, "epochs": args.epochs, "batchSize": 32,
              "learningRate": 0.001, "validationSplit": 0.1, "limitTrain": args.limit_train,
              "precision": "FP32", "earlyStoppingPatience": 0, "warmupEpochs": 0.0,
              "cosineDecay": False,
              "regularization": {"augmentation": "none", "labelSmoothing": 0.0, "weightDecay": 0.0}}
    differs = {k: config.get(k) for k, v in wanted.items() if config.get(k) != v}
    if differs:
        raise SystemExit(f"--fmnist-from: {run_dir} was trained with another recipe: {differs}")
    print(f"--- fmnist {model} seed {seed}: reusing {run_dir}", file=sys.stderr, flush=True)
    return test_metrics(run_dir)


def test_metrics(run_dir):
    metrics = json.loads((run_dir / "test_metrics.json").read_text())
    return {"accuracy": metrics["accuracy"], "loss": metrics["loss"]}


def keras(model, seed, args, out):
    lines, _, _ = run(f"keras {model} seed {seed}",
                      [sys.executable, "peer_keras.py", "--model", model, "--seed", str(seed),
                       "--threads", str(THREADS)] + recipe(args))
    (out / f"keras-{model}-seed{seed}.jsonl").write_text("".join(json.dumps(l) + "\n" for l in lines))
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
    p.add_argument("--fmnist-from", type=Path, metavar="DIR",
                   help="take fmnist's runs from an earlier report folder instead of training them"
                        " again (refused unless each was trained with this recipe and seed)")
    args = p.parse_args()
    out = BENCH / "results" / ("fidelity-" + time.strftime("%Y%m%d-%H%M%S"))
    out.mkdir(parents=True)
    report = {"machine": machine(), "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
              "models": {}}
    for model in args.models.split(","):
        runs = {"fmnist": [], "keras": []}
        for seed in range(1, args.seeds + 1):
            runs["fmnist"].append(fmnist(model, seed, args, out))
            runs["keras"].append(keras(model, seed, args, out))
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
