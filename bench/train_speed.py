"""Side-by-side training speed: fmnist vs Keras 3 (TensorFlow backend) vs PyTorch on this machine.

Run through bench/speed.sh, which creates bench/.venv from bench/requirements.txt. Every
framework trains the same model with the same recipe (batch 32, Adam lr 1e-3 epsilon 1e-7,
validation split 0.1, the same epochs, the real data, 2 intra-op and 2 inter-op threads), each in
its own process; with --repeat N the runs are interleaved (fmnist fp32, fmnist bf16, Keras,
PyTorch, fmnist's fast recipe, then again), so a slow spell of the machine hits every framework
alike. For each run it prints the median epoch seconds (training + validation), training images per
second, the test accuracy after each epoch (evaluated outside the epoch's timing), the training
seconds until the test accuracy first reached the target, the peak resident memory of the
process, the achieved matrix-product GFLOP/s (FLOPs counted from the model's spec by `fmnist
summary --flops`) and its share of the machine's TensorFlow MatMul peak, measured in the same run
before the first and after the last repetition (bench/jmh MatMulPeak, fp32 and bf16). Each
fmnist / peer ratio is reported as the median over the repetitions with its min-max.
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
    """One fmnist run; model None lets a recipe (in options) choose the model."""
    run_dir = out / label.replace(" ", "-")
    preset = ["--model", model, "--kernel-size", "3"] if model else []
    command = [str(ROOT / "fmnist"), "train"] + preset + [
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
    train_images, val_images = _split_sizes(config)
    epochs = [{"epoch": int(h["epoch"]), "seconds": float(h["seconds"]), "loss": float(h["loss"]),
               "val_accuracy": float(h["val_accuracy"]) if h["val_accuracy"] else None, "test_accuracy": test[int(h["epoch"])],
               "train_images": train_images, "val_images": val_images} for h in history]
    return {"label": label, "epochs": epochs, "peak_rss_mb": rss, "wall_seconds": wall,
            "config": config}


def _split_sizes(config):
    n = config["limitTrain"] or 60000
    train = int(n * (1 - config["validationSplit"]))
    return train, n - train


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


def flops_per_image(model, kernel_size=3):
    """(training, forward) matrix-product FLOPs per image of a preset, from `fmnist summary --flops`."""
    out = subprocess.run([str(ROOT / "fmnist"), "summary", "--model", model, "--kernel-size",
                          str(kernel_size), "--flops"], capture_output=True, text=True, check=True).stdout
    values = {}
    for line in out.splitlines():
        if "FLOPs per image:" in line:
            values[line.split()[0].lower()] = int(line.rsplit(":", 1)[1])
    return values["training"], values["forward"]


def matmul_peak():
    """TensorFlow MatMul GFLOP/s on this machine now (fp32 and bf16, 2048^3, the runs' threads)."""
    jar = ROOT / "bench" / "jmh" / "target" / "fmnist-bench.jar"
    out = subprocess.run(["java", "-cp", str(jar), "org.fmnist.bench.MatMulPeak", "2048",
                          str(THREADS), "10"], capture_output=True, text=True, check=True,
                         env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}).stdout
    peak = json.loads(out.strip().splitlines()[-1])
    print(f"--- MatMul peak: {peak}", file=sys.stderr, flush=True)
    return peak


def add_throughput(result, flops, peak):
    """Achieved GFLOP/s over the median epoch (training steps + validation pass) and its share."""
    train_flops, forward_flops = flops
    e = result["epochs"][0]
    epoch_flops = train_flops * e["train_images"] + forward_flops * e["val_images"]
    result["gflops"] = epoch_flops / result["median_epoch_seconds"] / 1e9
    dtype = "bf16" if result.get("config", {}).get("precision") == "BF16" else "fp32"
    result["peak_dtype"] = dtype
    result["peak_share"] = result["gflops"] / peak[dtype]["best"]


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


def ratios(reps):
    """Per repetition fmnist / peer epoch-time ratios on the identical recipe; their spread."""
    out = {}
    for mine in ("fmnist fp32", "fmnist bf16"):
        for peer in ("keras", "pytorch"):
            values = [r[mine]["median_epoch_seconds"] / r[peer]["median_epoch_seconds"]
                      for r in reps if mine in r and peer in r]
            if values:
                out[f"{mine} / {peer}"] = spread(values)
    return out


def table(model, reps, target):
    print(f"\n== {model}: {len(reps)} interleaved repetition(s) ==")
    print(f"{'rep':>3} {'run':<30} {'epoch s':>8} {'img/s':>8} {'to ' + format(target, '.2f'):>8} "
          f"{'RSS MB':>7} {'final':>6} {'GFLOP/s':>8} {'of peak':>8}  test accuracy per epoch")
    for n, rep in enumerate(reps, 1):
        for r in rep.values():
            to = f"{r['seconds_to_target']:8.1f}" if r["seconds_to_target"] is not None else f"{'-':>8}"
            curve = " ".join(f"{e['test_accuracy']:.4f}" for e in r["epochs"])
            print(f"{n:>3} {r['label'][:30]:<30} {r['median_epoch_seconds']:8.2f} "
                  f"{r['images_per_second']:8.0f} {to} {r['peak_rss_mb']:7.0f} "
                  f"{r['epochs'][-1]['test_accuracy']:6.4f} {r['gflops']:8.1f} "
                  f"{100 * r['peak_share']:6.1f} %  {curve}")
    print("(epoch s: median seconds per epoch, training + validation; to %.2f: training seconds until"
          " the test accuracy first reached it; GFLOP/s: matrix-product FLOPs of the median epoch"
          " per second; of peak: share of this run's TensorFlow MatMul peak in the run's precision)"
          % target)
    for name, r in ratios(reps).items():
        print(f"{name}: median {r['median']:.2f} (min {r['min']:.2f}, max {r['max']:.2f},"
              f" {r['n']} repetitions)")


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
    p.add_argument("--repeat", type=int, default=3, help="interleaved repetitions of every run")
    p.add_argument("--targets", default="cnn=0.91,baseline=0.88",
                   help="test accuracy for each model's time-to column")
    p.add_argument("--skip", default="", help="comma-separated runs to leave out: keras, pytorch, bf16, fast")
    args = p.parse_args()
    if args.repeat < 1:
        p.error("--repeat must be >= 1")
    skip = set(filter(None, args.skip.split(",")))
    targets = {m: float(a) for m, a in (t.split("=") for t in args.targets.split(","))}
    out = BENCH / "results" / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    report = {"machine": machine(), "args": vars(args), "models": {}}
    print(json.dumps(report["machine"]), file=sys.stderr)
    peaks = [matmul_peak()]

    runs = {}
    for model in args.models.split(","):
        runs[model] = []
        for n in range(1, args.repeat + 1):
            rep_out = out / model / f"rep{n}"
            rep = {"fmnist fp32": fmnist("fmnist fp32", model, args, rep_out, identical_recipe(args))}
            if "bf16" not in skip:
                rep["fmnist bf16"] = fmnist("fmnist bf16", model, args, rep_out,
                                            identical_recipe(args) + ["--precision", "bf16"])
            if "keras" not in skip:
                rep["keras"] = python_peer("peer_keras.py", model, args)
            if "pytorch" not in skip:
                rep["pytorch"] = python_peer("peer_torch.py", model, args)
            if model == "cnn" and "fast" not in skip:
                rep["fast"] = fmnist("fmnist --recipe fast", None, args, rep_out, ["--recipe", "fast"])
            runs[model].append(rep)
    peaks.append(matmul_peak())
    peak = {d: {"best": max(p[d]["best"] for p in peaks)} for d in ("fp32", "bf16")}
    report["matmul_peak"] = {"measurements": peaks, "best": peak}
    print(f"\nTensorFlow MatMul peak (2048^3, {THREADS} threads, best of the runs before and after):"
          f" fp32 {peak['fp32']['best']:.0f} GFLOP/s, bf16 {peak['bf16']['best']:.0f} GFLOP/s")

    for model, reps in runs.items():
        target = targets.get(model, 0.91)
        flops = flops_per_image(model)
        for rep in reps:
            for r in rep.values():
                summarize(r, target)
                config = r.get("config", {})
                own = config.get("model") not in (None, model)
                add_throughput(r, flops_per_image(config["model"], config["kernelSize"]) if own else flops,
                               peak)
        report["models"][model] = {"flops_per_image": {"training": flops[0], "forward": flops[1]},
                                   "repetitions": reps, "ratios": ratios(reps)}
        table(model, reps, target)

    (out / "report.json").write_text(json.dumps(report, indent=1))
    print(f"\nmachine: {report['machine']}\nfull results: {out / 'report.json'}")


if __name__ == "__main__":
    main()
