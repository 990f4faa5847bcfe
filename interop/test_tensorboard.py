"""fmnist's TensorBoard logs as TensorBoard itself reads them: its EventAccumulator finds Keras's
tags with the values of history.csv, the weight histograms and the filters image; a run killed
with SIGKILL and resumed has one continuous, duplicate-free curve.
"""
import csv
import signal
import subprocess
import time

import numpy as np
import pytest
import tensorflow as tf
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from conftest import ROOT, fmnist


def accumulator(folder):
    """TensorBoard's reader over one log folder, keeping everything (and every repeated step)."""
    acc = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0, "images": 0},
                           purge_orphaned_data=False)
    acc.Reload()
    return acc


def history(run):
    with open(run / "history.csv") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    run = tmp_path_factory.mktemp("tensorboard") / "run"
    fmnist("train", "--model", "cnn-small", "--epochs", "2", "--limit-train", "2000",
           "--tensorboard-update-freq", "10", "--no-plots", "--run-dir", str(run))
    return run


def test_epoch_scalars_have_kerass_tags_and_the_values_of_history_csv(run):
    rows = history(run)
    train, validation = accumulator(run / "logs" / "train"), accumulator(run / "logs" / "validation")
    expected = {
        (train, "epoch_loss"): "loss", (train, "epoch_accuracy"): "accuracy",
        (train, "epoch_learning_rate"): "learning_rate",
        (validation, "epoch_loss"): "val_loss", (validation, "epoch_accuracy"): "val_accuracy",
    }
    for (acc, tag), column in expected.items():
        events = acc.Scalars(tag)
        assert [e.step for e in events] == [0, 1], tag  # Keras counts epochs from 0
        np.testing.assert_allclose([e.value for e in events], [float(r[column]) for r in rows],
                                   atol=1e-6, err_msg=tag)


def test_batch_scalars_every_ten_steps(run):
    steps_per_epoch = -(-1800 // 32)
    events = accumulator(run / "logs" / "train").Scalars("batch_loss")
    assert [e.step for e in events] == list(range(10, 2 * steps_per_epoch + 1, 10))
    assert all(0 < e.value < 5 for e in events)


def test_weight_histograms_and_the_first_layers_filters(run):
    train = accumulator(run / "logs" / "train")
    histograms = train.Tags()["histograms"]
    for weight in ("conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "dense/kernel", "dense_1/bias"):
        tag = weight + "/histogram"
        assert tag in histograms, histograms
        events = train.Histograms(tag)
        assert [e.step for e in events] == [0, 1]
        assert events[-1].histogram_value.num > 0
    (image,) = [e for e in train.Images("conv2d/kernel/image") if e.step == 1]
    picture = tf.io.decode_png(image.encoded_image_string).numpy()
    # cnn-small: 16 filters of 3x3 in a 4x4 grid of 24-pixel tiles with 1-pixel lines.
    assert picture.shape == (image.height, image.width, 1) == (101, 101, 1)
    assert len(np.unique(picture)) > 16  # filters, not a blank picture


def test_test_metrics_at_the_last_epoch(run):
    test = accumulator(run / "logs" / "test")
    (accuracy,) = test.Scalars("epoch_accuracy")
    assert accuracy.step == 1 and 0.5 < accuracy.value <= 1


def test_a_run_killed_and_resumed_has_continuous_unique_steps(tmp_path, run):
    killed = tmp_path / "killed"
    child = subprocess.Popen(
        [str(ROOT / "fmnist"), "train", "--model", "cnn-small", "--epochs", "3", "--limit-train", "4000",
         "--tensorboard-update-freq", "batch", "--no-plots", "--run-dir", str(killed)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        for line in child.stderr:
            if line.strip() == "Epoch 2/3":
                time.sleep(1.0)  # into epoch 2: some of its batch summaries reach the file
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.kill()
        child.wait(60)
    assert child.returncode == -signal.SIGKILL
    fmnist("train", "--resume", str(killed), "--no-plots")

    steps_per_epoch = -(-3600 // 32)
    train = accumulator(killed / "logs" / "train")
    assert [e.step for e in train.Scalars("batch_loss")] == list(range(1, 3 * steps_per_epoch + 1))
    assert [e.step for e in train.Scalars("epoch_loss")] == [0, 1, 2]
    assert [e.step for e in train.Histograms("conv2d/kernel/histogram")] == [0, 1, 2]
    assert [e.step for e in accumulator(killed / "logs" / "validation").Scalars("epoch_loss")] == [0, 1, 2]
    np.testing.assert_allclose([e.value for e in train.Scalars("epoch_loss")],
                               [float(r["loss"]) for r in history(killed)], atol=1e-6)
