"""Shared helpers: run the fmnist CLI, read the real test set."""
import contextlib
import gzip
import os
import pathlib
import re
import subprocess
import threading

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = pathlib.Path(os.environ.get("FMNIST_DATA", ROOT / "data" / "fashion-mnist"))


def fmnist(*args):
    """Runs ./fmnist and returns its stdout; fails the test with its stderr on a non-zero exit."""
    done = subprocess.run([str(ROOT / "fmnist"), *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"fmnist {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


@pytest.fixture(scope="session")
def export(tmp_path_factory):
    """The version folder of an fmnist export (saved_models/<name>/<version>), shared by the suite.

    By default a briefly trained cnn-bn (BatchNormalization and Dropout: the layers whose inference
    form matters) is trained and exported with ./fmnist; FMNIST_EXPORT names an existing one instead.
    """
    if os.environ.get("FMNIST_EXPORT"):
        return pathlib.Path(os.environ["FMNIST_EXPORT"])
    tmp = tmp_path_factory.mktemp("export")
    fmnist("train", "--model", "cnn-bn", "--epochs", "1", "--limit-train", "3000",
           "--run-dir", str(tmp / "run"), "--export", "--saved-models", str(tmp / "saved_models"))
    return tmp / "saved_models" / "fashion_cnn_bn" / "1"


@contextlib.contextmanager
def fmnist_serve(*args):
    """Runs `./fmnist serve ARGS --port 0` (and `--grpc-port 0` unless ARGS set the gRPC port or turn
    it off, so no test binds 8500) and yields its base URL; its stderr is drained meanwhile (one
    access-log line per request). Stops it with SIGTERM and checks that it exits 0."""
    grpc = [] if "--no-grpc" in args or "--grpc-port" in args else ["--grpc-port", "0"]
    process = subprocess.Popen([str(ROOT / "fmnist"), "serve", *args, "--port", "0", *grpc], stderr=subprocess.PIPE, text=True)
    url = None
    for line in process.stderr:
        found = re.search(r"listening on (http://[^/]+)", line)
        if found:
            url = found.group(1)
            break
    if url is None:
        process.kill()
        pytest.fail("fmnist serve did not start")
    threading.Thread(target=lambda: process.stderr.read(), daemon=True).start()
    try:
        yield url
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0


def real_test_images(n):
    """The first n real test images as float32 NHWC in [0, 1], and their labels."""
    with gzip.open(DATA / "t10k-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28, 1)[:n]
    with gzip.open(DATA / "t10k-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)[:n]
    return images.astype(np.float32) / 255.0, labels.astype(np.int64)
