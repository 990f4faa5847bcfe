"""Side-by-side training speed: fmnist vs Keras 3 (TensorFlow backend) vs PyTorch on this machine.

Run through bench/speed.sh, which creates bench/.venv from bench/requirements.txt. Every
framework trains the same model with the same recipe (batch 32, Adam lr 1e-3 epsilon 1e-7,
validation split 0.1, the same epochs, the real data, 2 intra-op and 2 inter-op threads), each in
its own process, one after the other; then fmnist's fast recipe. For each run it prints the median
epoch seconds (training + validation), training images per second, the test accuracy after each
epoch (evaluated outside the epoch's timing), the training seconds until the test accuracy first
reached the target, the peak resident memory of the process, and the ratios fmnist / peer.
"""
import argparse
import csv
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
THREADS = 2


def run(name, command, env=None):
    """Runs one training process; returns its BENCH lines and its peak RSS in MB."""
    print(f"--- {name}: {' '.join(command)}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=BENCH,
                            env={**os.environ, **(env or {})})
    lines = []
    for line in proc.stdout:
        if line.startswith("BENCH "):
            lines.append(json.loads(line[6:]))
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed with exit code {proc.returncode}")
    return lines, usage.ru_maxrss / 1024, time.perf_counter() - start


def python_peer(script, model, args):
    py = sys.executable
    command = [py, script, "--model", model, "--epochs", str(args.epochs), "--batch-size", "32",
               "--learning-rate", "0.001", "--validation-split", "0.1", "--threads", str(THREADS)]
    if args.limit_train:
        command += ["--limit-train", str(args.limit_train)]
    lines, rss, wall = run(f"{script} {model}", command)
    info = next(l for l in lines if "framework" in l)
    return {"label": info["framework"], "epochs": [l for l in lines if "epoch" in l],
            "peak_rss_mb": rss, "wall_seconds": wall}


def fmnist(label, model, args, out, options):
    run_dir = out / label.replace(" ", "-")
    command = [str(ROOT / "fmnist"), "train", "--model", model, "--kernel-size", "3",
               "--threads", str(THREADS), "--test-every-epoch", "--run-dir", str(run_dir)] + options
    if args.limit_train:
        command += ["--limit-train", str(args.limit_train)]
    _, rss, wall = run(label, command)
    with open(run_dir / "history.csv") as f:
        history = list(csv.DictReader(f))
    with open(run_dir / "test_curve.csv") as f:
        test = {int(r["epoch"]): float(r["test_accuracy"]) for r in csv.DictReader(f)}
    with open(run_dir / "config.json") as f:
        config = json.load(f)
    train_images = _train_images(config)
    epochs = [{"epoch": int(h["epoch"]), "seconds": float(h["seconds"]), "loss": float(h["loss"]),
               "val_accuracy": float(h["val_accuracy"]), "test_accuracy": test[int(h["epoch"])],
               "train_images": train_images} for h in history]
    return {"label": label, "epochs": epochs, "peak_rss_mb": rss, "wall_seconds": wall,
            "config": config}


def _train_images(config):
    n = config["limitTrain"] or 60000
    return int(n * (1 - config["validationSplit"]))


def identical_recipe(args):
    return ["--epochs", str(args.epochs), "--batch-size", "32", "--learning-rate", "0.001",
            "--validation-split", "0.1"]


def summarize(result, target):
    seconds = [e["seconds"] for e in result["epochs"]]
    median = statistics.median(seconds)
    elapsed, to_target = 0.0, None
    for e in result["epochs"]:
        elapsed += e["seconds"]
        if to_target is None and e["test_accuracy"] >= target:
            to_target = elapsed
    result["median_epoch_seconds"] = median
    result["images_per_second"] = result["epochs"][0]["train_images"] / median
    result["seconds_to_target"] = to_target
    return result


def table(model, results, target):
    peers = {r["label"].split()[0]: r for r in results if not r["label"].startswith("fmnist")}
    head = (f"{'run':<34} {'epoch s':>8} {'img/s':>8} {'to ' + format(target, '.2f'):>8} "
            f"{'RSS MB':>7} {'final':>6} " + " ".join(f"{'/' + p:>7}" for p in peers)
            + "  test accuracy per epoch")
    print(f"\n== {model} ==")
    print(head)
    for r in results:
        same_recipe = not r.get("config", {}).get("cosineDecay", False)
        ratios = " ".join(f"{r['median_epoch_seconds'] / p['median_epoch_seconds']:7.2f}"
                          if same_recipe else f"{'-':>7}" for p in peers.values())
        to = f"{r['seconds_to_target']:8.1f}" if r["seconds_to_target"] is not None else f"{'-':>8}"
        curve = " ".join(f"{e['test_accuracy']:.4f}" for e in r["epochs"])
        print(f"{r['label'][:34]:<34} {r['median_epoch_seconds']:8.2f} {r['images_per_second']:8.0f} "
              f"{to} {r['peak_rss_mb']:7.0f} {r['epochs'][-1]['test_accuracy']:6.4f} {ratios}  {curve}")
    print("(epoch s: median seconds per epoch, training + validation; to %.2f: training seconds until"
          " the test accuracy first reached it; /peer: epoch-time ratio on the identical recipe,"
          " below 1 = faster than the peer)" % target)
    for r in results:
        if r["label"].startswith("fmnist") and r["seconds_to_target"] is not None:
            versus = [f"{r['seconds_to_target'] / p['seconds_to_target']:.2f} x {name}"
                      f" ({p['seconds_to_target']:.1f} s)"
                      for name, p in peers.items() if p["seconds_to_target"] is not None]
            if versus:
                print(f"time to {target:.2f}: {r['label']} {r['seconds_to_target']:.1f} s = "
                      + ", ".join(versus))


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cpu": cpu, "cores": os.cpu_count(),
            "python": platform.python_version(), "load_average": os.getloadavg()}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--models", default="cnn,baseline", help="comma-separated: cnn, baseline")
    p.add_argument("--limit-train", type=int, default=0, help="first N training images (smoke runs)")
    p.add_argument("--targets", default="cnn=0.91,baseline=0.88",
                   help="test accuracy for each model's time-to column")
    p.add_argument("--skip", default="", help="comma-separated runs to leave out: keras, pytorch, bf16, fast")
    args = p.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    targets = {m: float(a) for m, a in (t.split("=") for t in args.targets.split(","))}
    out = BENCH / "results" / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    report = {"machine": machine(), "args": vars(args), "models": {}}
    print(json.dumps(report["machine"]), file=sys.stderr)

    for model in args.models.split(","):
        results = [fmnist("fmnist fp32", model, args, out / model, identical_recipe(args))]
        if "bf16" not in skip:
            results.append(fmnist("fmnist bf16", model, args, out / model,
                                  identical_recipe(args) + ["--precision", "bf16"]))
        if "keras" not in skip:
            results.append(python_peer("peer_keras.py", model, args))
        if "pytorch" not in skip:
            results.append(python_peer("peer_torch.py", model, args))
        if model == "cnn" and "fast" not in skip:
            fast = ["--recipe", "fast"]
            results.append(fmnist("fmnist --recipe fast", model, args, out / model, fast))
        target = targets.get(model, 0.91)
        report["models"][model] = [summarize(r, target) for r in results]
        table(model, report["models"][model], target)

    (out / "report.json").write_text(json.dumps(report, indent=1))
    print(f"\nmachine: {report['machine']}\nfull results: {out / 'report.json'}")


if __name__ == "__main__":
    main()
