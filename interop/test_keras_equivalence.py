"""fmnist's models are Keras's, layer for layer: same parameter counts, and the same outputs
when Keras is given the weights fmnist trained."""
import json
import re
import subprocess

import numpy as np
import pytest
import tensorflow as tf

from conftest import ROOT, fmnist, real_test_images
from keras_models import PRESETS, build, fmnist_weight_names

CASES = [(p, 3) for p in PRESETS] + [("cnn", 5), ("cnn", 7)]


def test_every_fmnist_preset_has_a_keras_equivalent():
    done = subprocess.run([str(ROOT / "fmnist"), "summary", "--model", "no-such-preset"],
                          capture_output=True, text=True)
    listed = re.search(r"presets: ([^)]*)\)", done.stderr)
    assert done.returncode != 0 and listed, done.stderr
    assert sorted(listed.group(1).split(", ")) == sorted(PRESETS)


@pytest.mark.parametrize("preset,kernel", CASES)
def test_parameter_counts_match_keras(preset, kernel):
    summary = fmnist("summary", "--model", preset, "--kernel-size", str(kernel))
    total = int(re.search(r"Total params: ([\d,]+)", summary).group(1).replace(",", ""))
    trainable = int(re.search(r"Trainable params: ([\d,]+)", summary).group(1).replace(",", ""))
    model = build(preset, kernel)
    assert total == model.count_params()
    assert trainable == sum(int(np.prod(w.shape)) for w in model.trainable_weights)


@pytest.mark.parametrize("preset", ["cnn", "cnn-bn", "cnn-bn-strided", "mlp-dropout", "vgg-bn"])
def test_keras_with_fmnist_weights_gives_fmnist_test_metrics(preset, tmp_path):
    run = tmp_path / "run"
    fmnist("train", "--model", preset, "--epochs", "1", "--limit-train", "3000", "--run-dir", str(run))
    reader = tf.train.load_checkpoint(str(run / "checkpoints" / "last" / "variables"))
    model = build(preset)
    model.set_weights([reader.get_tensor(n) for n in fmnist_weight_names(model)])

    images, labels = real_test_images(10_000)
    logits = model.predict(images, batch_size=1000, verbose=0)
    loss = float(tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)))
    accuracy = float(np.mean(np.argmax(logits, axis=1) == labels))

    metrics = json.loads((run / "test_metrics.json").read_text())
    assert loss == pytest.approx(metrics["loss"], rel=1e-5)
    # Float summation order may flip an argmax on a near-tie: allow two images in 10,000.
    assert abs(accuracy - metrics["accuracy"]) <= 2e-4
