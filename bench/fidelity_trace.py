"""The settling test of Keras fidelity: Keras 3 trained from fmnist's exact initial weights on
fmnist's exact batch order, compared with fmnist's own run of that seed step by step.

bench/jmh's FidelityTrace trains the model in fmnist (the ordinary Trainer, seed S, batch 32,
Adam 1e-3 epsilon 1e-7, validation split 0.1) and writes its weights before the first step, each
epoch's visiting order and the running mean loss after every step. This script gives Keras those
initial weights (interop/keras_models.py builds the same model and names fmnist's variables),
feeds it the training split in that order with fit(shuffle=False), and compares
- the running mean training loss after every step (Keras's fit logs the same mean),
- the final weights, as |Keras - fmnist| against how far fmnist's training moved them,
- the test loss and accuracy,
beside two controls that give the distances a scale: Keras from the same weights nudged by one
float32 ulp on the same order, compared with the Keras run above (how far rounding alone carries
two runs apart), and Keras on another order (how far apart runs that differ in their batch order
end up). Also prints the statistics of both frameworks' initial weights for seeds 1..N against
Keras's glorot_uniform U(-l, l), l = sqrt(6 / (fan_in + fan_out)) (Kolmogorov-Smirnov p-values),
and checks that the biases start at zero; and, since a few KS p-values of five seeds are always
low, checks the generator behind fmnist's kernels (TensorFlow's stateless uniform, matched to
fmnist's values bit for bit) over 400 seeds per kernel shape.
Run through bench/fidelity_trace.sh; writes bench/results/fidelity-trace-<date>/report.json.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

import fmnist_data  # noqa: E402
from train_speed import BENCH, ROOT, THREADS, machine  # noqa: E402

sys.path.insert(0, str(ROOT / "interop"))
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(THREADS)
tf.config.threading.set_inter_op_parallelism_threads(THREADS)
import keras  # noqa: E402
from keras_models import build, fmnist_weight_names  # noqa: E402

CHECKPOINTS = [1, 2, 5, 10, 50, 100, 200, 500, 1000, 1500]


def trace_fmnist(model, seed, epochs, out):
    jar = ROOT / "bench" / "jmh" / "target" / "fmnist-bench.jar"
    command = ["java", "-cp", str(jar), "org.fmnist.bench.FidelityTrace", model, str(seed),
               str(epochs), str(out)]
    print("--- fmnist: " + " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"})


def fmnist_initial(model_name, seed, out):
    trace_fmnist(model_name, seed, 0, out)
    return fmnist_weights(build(model_name), out / "initial" / "variables")


def fmnist_weights(model, variables_prefix):
    reader = tf.train.load_checkpoint(str(variables_prefix))
    return [reader.get_tensor(n) for n in fmnist_weight_names(model)]


def fmnist_steps(trace):
    rows = np.genfromtxt(trace / "steps.csv", delimiter=",", names=True)
    return rows["loss"], rows["accuracy"]


class StepLosses(keras.callbacks.Callback):
    """Keras's running mean loss and accuracy after every step, across epochs."""

    def __init__(self):
        super().__init__()
        self.loss, self.accuracy = [], []

    def on_train_batch_end(self, batch, logs=None):
        self.loss.append(float(logs["loss"]))
        self.accuracy.append(float(logs["accuracy"]))


def keras_run(model_name, initial, orders, data):
    """Keras from `initial` weights, trained on the training split visited in `orders` (one per epoch)."""
    (x, y), _, (x_test, y_test) = data
    model = build(model_name)
    model.set_weights(initial)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, epsilon=1e-7),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"], jit_compile=False)
    steps = StepLosses()
    for epoch, order in enumerate(orders):
        model.fit(x[order], y[order], batch_size=32, initial_epoch=epoch, epochs=epoch + 1,
                  shuffle=False, verbose=0, callbacks=[steps])
    test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
    return {"model": model, "loss": np.array(steps.loss), "accuracy": np.array(steps.accuracy),
            "test_loss": float(test_loss), "test_accuracy": float(test_accuracy)}


def weight_distance(model, weights, reference, initial):
    """Per variable: max |w - reference| and ||w - reference|| / ||reference - initial||."""
    out = {}
    for name, w, r, i in zip(fmnist_weight_names(model), weights, reference, initial):
        moved = float(np.linalg.norm(r - i))
        out[name] = {"max_abs": float(np.max(np.abs(w - r))),
                     "relative_to_update": float(np.linalg.norm(w - r)) / moved if moved else None}
    return out


def glorot_limit(shape):
    """Keras's glorot_uniform bound sqrt(6 / (fan_in + fan_out)), fans over the receptive field."""
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return math.sqrt(6.0 / (shape[-2] * receptive + shape[-1] * receptive))


def init_statistics(model, seeds_weights):
    """Each kernel against glorot_uniform U(-l, l), each bias against zero, over several seeds."""
    out = {}
    for k, name in enumerate(fmnist_weight_names(model)):
        values = [w[k] for w in seeds_weights]
        if name.endswith("_bias"):
            out[name] = {"all_zero": all(bool(np.all(v == 0)) for v in values)}
            continue
        limit = glorot_limit(values[0].shape)
        flats = [v.ravel().astype(np.float64) for v in values]
        out[name] = {"limit": limit, "max_abs_over_limit": max(float(np.abs(f).max()) for f in flats) / limit,
                     "mean_sd_over_expected": float(np.mean([f.std() for f in flats])) / (limit / math.sqrt(3)),
                     "mean": float(np.mean([f.mean() for f in flats])),
                     "ks_p": [float(stats.kstest(f, stats.uniform(-limit, 2 * limit).cdf).pvalue) for f in flats]}
    return out


def generator_check(model, seed, weights, seeds=400):
    """Per kernel: the stream of tf.random.stateless_uniform that gives fmnist's values bit for bit,
    and the KS p-values of that generator's draws over `seeds` seeds (uniform if it is sound)."""
    out = {}
    for name, w in zip(fmnist_weight_names(model), weights):
        if name.endswith("_bias"):
            continue
        limit = np.float32(glorot_limit(w.shape))

        def draw(s, stream):
            return tf.random.stateless_uniform(w.shape, seed=[s, stream], dtype=tf.float32).numpy()

        stream = next((k for k in range(32) if np.array_equal((draw(seed, k) * 2 - 1) * limit, w)), None)
        if stream is None:
            out[name] = {"stream": None}
            continue
        ps = np.array([stats.kstest(draw(s, stream).ravel(), "uniform").pvalue for s in range(1, seeds + 1)])
        out[name] = {"stream": stream, "seeds": seeds, "share_p_below_0_05": float(np.mean(ps < 0.05)),
                     "ks_p_of_p_values": float(stats.kstest(ps, "uniform").pvalue)}
    return out


def keras_initial(model_name, seed):
    keras.utils.set_random_seed(seed)
    return build(model_name).get_weights()


def at_checkpoints(series, steps_per_epoch, epochs):
    points = [s for s in CHECKPOINTS if s <= steps_per_epoch]
    points += [e * steps_per_epoch for e in range(1, epochs + 1)]
    return {s: float(series[s - 1]) for s in sorted(set(points))}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="cnn", choices=["cnn", "baseline"])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--trace", type=Path, help="an earlier FidelityTrace folder of this model, seed and epochs")
    p.add_argument("--init-seeds", type=int, default=5, help="compare the initial weights of seeds 1..N")
    args = p.parse_args()
    out = BENCH / "results" / ("fidelity-trace-" + time.strftime("%Y%m%d-%H%M%S"))
    out.mkdir(parents=True)
    trace = args.trace or out / "fmnist"
    if not args.trace:
        trace_fmnist(args.model, args.seed, args.epochs, trace)

    data = fmnist_data.load(0, 0.1)
    template = build(args.model)
    initial = fmnist_weights(template, trace / "initial" / "variables")
    final = fmnist_weights(template, trace / "run" / "checkpoints" / "last" / "variables")
    orders = [np.fromfile(trace / f"order-epoch{e}.bin", dtype="<i4") for e in range(1, args.epochs + 1)]
    fm_loss, fm_accuracy = fmnist_steps(trace)
    fm_test = json.loads((trace / "run" / "test_metrics.json").read_text())
    steps_per_epoch = len(fm_loss) // args.epochs

    print("--- keras: fmnist's initial weights, fmnist's order", file=sys.stderr, flush=True)
    same = keras_run(args.model, initial, orders, data)
    print("--- keras: fmnist's initial weights + 1 ulp, fmnist's order (control)", file=sys.stderr, flush=True)
    nudged = keras_run(args.model, [np.nextafter(w, np.float32(np.inf)) for w in initial], orders, data)
    control_orders = [np.random.default_rng(1000 + args.seed).permutation(len(o)) for o in orders]
    print("--- keras: fmnist's initial weights, another order (control)", file=sys.stderr, flush=True)
    other = keras_run(args.model, initial, control_orders, data)

    def versus(run, loss, weights):
        diff = np.abs(run["loss"] - loss)
        return {"running_loss_max_abs_diff": float(diff.max()),
                "running_loss_max_abs_diff_first_100_steps": float(diff[:100].max()),
                "running_loss_at": at_checkpoints(run["loss"], steps_per_epoch, args.epochs),
                "final_running_accuracy": float(run["accuracy"][-1]),
                "test_loss": run["test_loss"], "test_accuracy": run["test_accuracy"],
                "weights": weight_distance(template, run["model"].get_weights(), weights, initial)}

    seeds = range(1, args.init_seeds + 1)
    fmnist_initials = [fmnist_initial(args.model, s, out / f"init-seed{s}") for s in seeds]
    report = {
        "machine": machine(), "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "trace": str(trace),
        "fmnist": {"running_loss_at": at_checkpoints(fm_loss, steps_per_epoch, args.epochs),
                   "final_running_accuracy": float(fm_accuracy[-1]),
                   "test_loss": fm_test["loss"], "test_accuracy": fm_test["accuracy"]},
        "keras_same_order": versus(same, fm_loss, final),
        "keras_nudged_vs_keras": versus(nudged, same["loss"], same["model"].get_weights()),
        "keras_other_order": versus(other, fm_loss, final),
        "initial_weights": {
            "seeds": list(seeds),
            "fmnist": init_statistics(template, fmnist_initials),
            "keras": init_statistics(template, [keras_initial(args.model, s) for s in seeds]),
            "fmnist_generator": generator_check(template, 1, fmnist_initials[0])},
    }
    (out / "report.json").write_text(json.dumps(report, indent=1))
    print_report(report)
    print(f"\nmachine: {report['machine']}\nfull results: {out / 'report.json'}")


def print_report(r):
    fm, same, nudged, other = (r["fmnist"], r["keras_same_order"], r["keras_nudged_vs_keras"],
                               r["keras_other_order"])
    print(f"\n== running mean training loss after step N ({r['args']['model']}, seed {r['args']['seed']}) ==")
    print(f"{'step':>6} {'fmnist':>10} {'Keras':>10} {'Keras +1 ulp':>13} {'Keras, other order':>19}")
    for step, loss in fm["running_loss_at"].items():
        print(f"{step:>6} {loss:10.6f} {same['running_loss_at'][step]:10.6f}"
              f" {nudged['running_loss_at'][step]:13.6f} {other['running_loss_at'][step]:19.6f}")
    for label, run in (("Keras vs fmnist", same), ("Keras +1 ulp vs Keras", nudged),
                       ("Keras other order vs fmnist", other)):
        print(f"{label:<28} max |running loss difference| {run['running_loss_max_abs_diff']:.2e}"
              f" (first 100 steps {run['running_loss_max_abs_diff_first_100_steps']:.2e})")
    print("\n== final weights: ||a - b|| / ||fmnist final - initial|| (max |a - b|) ==")
    print(f"{'variable':<16} {'Keras vs fmnist':>22} {'Keras +1 ulp vs Keras':>24} {'other order vs fmnist':>24}")
    for name in same["weights"]:
        cells = [f"{run['weights'][name]['relative_to_update']:.3f} ({run['weights'][name]['max_abs']:.1e})"
                 for run in (same, nudged, other)]
        print(f"{name:<16} {cells[0]:>22} {cells[1]:>24} {cells[2]:>24}")
    print("\n== test set ==")
    print(f"{'fmnist':<18} accuracy {100 * fm['test_accuracy']:.2f} %  loss {fm['test_loss']:.4f}")
    for label, run in (("Keras", same), ("Keras +1 ulp", nudged), ("Keras other order", other)):
        print(f"{label:<18} accuracy {100 * run['test_accuracy']:.2f} %  loss {run['test_loss']:.4f}")
    init = r["initial_weights"]
    print(f"\n== initial weights, seeds {init['seeds'][0]}..{init['seeds'][-1]}, against glorot_uniform U(-l, l) ==")
    for framework in ("fmnist", "keras"):
        for name, s in init[framework].items():
            if "limit" in s:
                print(f"{framework:<7} {name:<16} l {s['limit']:.4f}  max|w|/l {s['max_abs_over_limit']:.4f}"
                      f"  sd/(l/sqrt 3) {s['mean_sd_over_expected']:.4f}  mean {s['mean']:+.5f}"
                      f"  KS p " + " ".join(f"{p:.3f}" for p in s["ks_p"]))
            else:
                print(f"{framework:<7} {name:<16} biases all zero: {s['all_zero']}")
    for name, g in init["fmnist_generator"].items():
        if g["stream"] is None:
            print(f"fmnist {name}: no stateless_uniform stream reproduces its values")
        else:
            print(f"fmnist {name} = (2 stateless_uniform(seed=[1, {g['stream']}]) - 1) l bit for bit;"
                  f" over {g['seeds']} seeds {100 * g['share_p_below_0_05']:.1f} % of KS p < 0.05,"
                  f" KS of the p-values p {g['ks_p_of_p_values']:.2f}")


if __name__ == "__main__":
    main()
