"""The real Fashion-MNIST for the Python peers, prepared exactly as fmnist does it.

Reads the four gzipped IDX files that ship in the project's data/fashion-mnist/ (or the folder in
FMNIST_DATA_DIR), keeps the first --limit-train training images, holds out the
last 10 % of those for validation before any shuffling (Keras's validation_split), scales pixels to
[0, 1] and shapes them NHWC [n, 28, 28, 1].
"""
import gzip
import json
import os
import sys
import time

import numpy as np

DATA_DIR = os.environ.get(
    "FMNIST_DATA_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "fashion-mnist")
)


def _idx(name, header):
    with gzip.open(os.path.join(DATA_DIR, name), "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def load(limit_train=0, validation_split=0.1):
    """(x_train, y_train), (x_val, y_val), (x_test, y_test); x float32 NHWC in [0, 1], y int64."""
    x = _idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28, 1)
    y = _idx("train-labels-idx1-ubyte.gz", 8)
    if limit_train:
        x, y = x[:limit_train], y[:limit_train]
    split_at = int(np.floor(len(y) * (1.0 - validation_split)))
    x_test = _idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28, 1)
    y_test = _idx("t10k-labels-idx1-ubyte.gz", 8)

    def scaled(a):
        return (a.astype(np.float32) / 255.0)

    return ((scaled(x[:split_at]), y[:split_at].astype(np.int64)),
            (scaled(x[split_at:]), y[split_at:].astype(np.int64)),
            (scaled(x_test), y_test.astype(np.int64)))


def report(**fields):
    """One result line for bench/train_speed.py on stdout."""
    print("BENCH " + json.dumps(fields), flush=True)


def peer_args(argv=None):
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["cnn", "baseline"], required=True)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--validation-split", type=float, default=0.1)
    p.add_argument("--limit-train", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args(argv)


class EpochClock:
    """Wall seconds of each epoch (training and validation, as Keras reports them)."""

    def start(self):
        self.t0 = time.perf_counter()

    def stop(self):
        return time.perf_counter() - self.t0
