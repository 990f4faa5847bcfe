"""SavedModels that fmnist did not write, served by fmnist as TensorFlow computes them.

Four producers, each a small model built here (a few hundred training steps or closed-form weights:
the point is equality with TensorFlow Python, not accuracy):
- Keras 3 `model.export` with a softmax head (input `pixels` [-1, 28, 28, 1]; labels.txt beside it),
- Keras 3 `model.export` with a logits head (input [-1, 28, 28]),
- `tf.saved_model.save` of a `tf.Module` taking [-1, 784] floats in 0-255 and returning `logits`,
- a TF1-style SavedModel (`tf.compat.v1.saved_model.Builder`, predict signature) taking uint8 pixels.
For each, `fmnist predict --json` on real test images and `fmnist serve`'s `:predict` must equal
TensorFlow Python's outputs (1e-6; predict's probabilities are the softmax of logits), with verdicts
by class id and confidences in [0, 1]; serve's metadata shows the model's own signature.
"""
import gzip
import json
import subprocess
import urllib.request

import numpy as np
import pytest
import tensorflow as tf

from conftest import DATA, ROOT, fmnist_serve, real_test_images

N = 64
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def _train_slice(n=2000):
    with gzip.open(DATA / "train-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28, 1)[:n]
    with gzip.open(DATA / "train-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)[:n]
    return images, labels.astype(np.int64)


def _centroid_weights(images, labels):
    """A nearest-centroid classifier on pixels in [0, 1]: logits = x.m_c - |m_c|^2 / 2."""
    x = images.reshape(len(images), -1).astype(np.float32) / 255.0
    means = np.stack([x[labels == c].mean(axis=0) for c in range(10)])
    return means.T.astype(np.float32), (-0.5 * (means ** 2).sum(axis=1)).astype(np.float32)


def _keras_softmax(folder, images, labels):
    tf.keras.utils.set_random_seed(1)
    inputs = tf.keras.Input((28, 28, 1), name="pixels")
    x = tf.keras.layers.Conv2D(8, 3, activation="relu")(inputs)
    x = tf.keras.layers.MaxPooling2D()(x)
    x = tf.keras.layers.Flatten()(x)
    outputs = tf.keras.layers.Dense(10, activation="softmax")(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(images.astype(np.float32) / 255.0, labels, batch_size=32, epochs=2, verbose=0)
    model.export(str(folder / "1"))
    (folder / "labels.txt").write_text("\n".join(CLASS_NAMES) + "\n")


def _keras_logits(folder, images, labels):
    tf.keras.utils.set_random_seed(2)
    model = tf.keras.Sequential([
        tf.keras.Input((28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(32, activation="relu"),
        tf.keras.layers.Dense(10),
    ])
    model.compile("adam", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(images[..., 0].astype(np.float32) / 255.0, labels, batch_size=32, epochs=2, verbose=0)
    model.export(str(folder / "1"))


class _FlatLogits(tf.Module):
    def __init__(self, kernel, bias):
        super().__init__()
        self.kernel = tf.Variable(kernel)
        self.bias = tf.Variable(bias)

    @tf.function(input_signature=[tf.TensorSpec([None, 784], tf.float32, name="x")])
    def serve(self, x):
        return {"logits": tf.matmul(x / 255.0, self.kernel) * 20.0 + self.bias * 20.0}


def _module_logits(folder, images, labels):
    module = _FlatLogits(*_centroid_weights(images, labels))
    tf.saved_model.save(module, str(folder / "1"), signatures={"serving_default": module.serve})


def _tf1_uint8(folder, images, labels):
    kernel, bias = _centroid_weights(images, labels)
    graph = tf.Graph()
    with graph.as_default():
        pixels = tf.compat.v1.placeholder(tf.uint8, [None, 28, 28, 1], name="images")
        flat = tf.reshape(tf.cast(pixels, tf.float32) / 255.0, [-1, 784])
        weights = tf.compat.v1.get_variable("kernel", initializer=kernel)
        offsets = tf.compat.v1.get_variable("bias", initializer=bias)
        scores = tf.nn.softmax((tf.matmul(flat, weights) + offsets) * 20.0, name="scores")
        classes = tf.argmax(scores, axis=1, name="classes")
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            builder = tf.compat.v1.saved_model.Builder(str(folder / "1"))
            signature = tf.compat.v1.saved_model.predict_signature_def(
                inputs={"images": pixels}, outputs={"scores": scores, "classes": classes})
            builder.add_meta_graph_and_variables(session, ["serve"], signature_def_map={"serving_default": signature})
            builder.save()


# name: (builder, score output, logits?, input scale for fmnist predict, how TF takes the test images)
MODELS = {
    "keras_softmax": (_keras_softmax, "output_0", False, None, lambda x: x.astype(np.float32) / 255.0),
    "keras_logits": (_keras_logits, "output_0", True, None, lambda x: x[..., 0].astype(np.float32) / 255.0),
    "module_logits": (_module_logits, "logits", True, "255", lambda x: x.reshape(len(x), 784).astype(np.float32)),
    "tf1_uint8": (_tf1_uint8, "scores", False, None, lambda x: x),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    base = tmp_path_factory.mktemp("foreign")
    images, labels = _train_slice()
    for name, (build, *_rest) in MODELS.items():
        build(base / name, images, labels)
    return base


@pytest.fixture(scope="module")
def test_bytes():
    images, labels = real_test_images(N)
    return np.round(images * 255).astype(np.uint8), labels


def _tf_outputs(folder, inputs, one_by_one=False):
    """Every output of serving_default as TensorFlow Python computes it, by name; and the input's name.

    one_by_one runs each image alone, as fmnist predict does (a matmul's float sums depend on the batch).
    """
    signature = tf.saved_model.load(str(folder)).signatures["serving_default"]
    (name,) = signature.structured_input_signature[1].keys()
    batches = [inputs[i:i + 1] for i in range(len(inputs))] if one_by_one else [inputs]
    runs = [signature(**{name: tf.constant(batch)}) for batch in batches]
    return {k: np.concatenate([run[k].numpy() for run in runs]) for k in runs[0]}, name


def _softmax(logits):
    z = np.exp(logits.astype(np.float64) - logits.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _run_fmnist(*args):
    done = subprocess.run([str(ROOT / "fmnist"), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


@pytest.mark.parametrize("name", list(MODELS))
def test_predict_equals_tensorflow_python(base, test_bytes, name):
    _, output, logits, scale, tf_input = MODELS[name]
    images, labels = test_bytes
    outputs, _ = _tf_outputs(base / name / "1", tf_input(images), one_by_one=True)
    expected = _softmax(outputs[output]) if logits else outputs[output]
    args = ["predict", "--model", str(base / name), "--json", "--top-k", "10", "--test-index", ",".join(map(str, range(N)))]
    if scale:
        args += ["--input-scale", scale]
    out, err = _run_fmnist(*args)
    how = "logits: softmax applied" if logits else "probabilities: Softmax"
    assert f"fmnist predict: using output '{output}' ({how})" in err.splitlines()
    rows = json.loads(out)
    assert len(rows) == N
    for i, row in enumerate(rows):
        probabilities = np.zeros(10)
        for entry in row["top"]:
            probabilities[entry["classId"]] = entry["probability"]
        np.testing.assert_allclose(probabilities, expected[i], atol=1e-6, err_msg=f"{name} test[{i}]")
        assert row["classId"] == int(np.argmax(expected[i]))
        assert 0.0 <= row["confidence"] <= 1.0
        assert row["trueClassId"] == labels[i]
        assert row["correct"] == (row["classId"] == labels[i])
        if name == "keras_softmax":  # labels.txt beside the version folder
            assert row["label"] == CLASS_NAMES[row["classId"]] and row["trueLabel"] == CLASS_NAMES[labels[i]]
        else:
            assert row["label"] == f"class {row['classId']}"
            assert row["trueLabel"] == f"{labels[i]} ({CLASS_NAMES[labels[i]]})"
    # the models are far better than chance, and the verdicts say so
    assert sum(row["correct"] for row in rows) > N // 2


@pytest.fixture(scope="module")
def server(base):
    with fmnist_serve("--model-base-path", str(base)) as url:
        yield url


def _post(url, body):
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


@pytest.mark.parametrize("name", list(MODELS))
def test_serve_answers_what_tensorflow_python_answers(base, server, test_bytes, name):
    *_, tf_input = MODELS[name]
    images, _ = test_bytes
    inputs = tf_input(images)
    outputs, input_name = _tf_outputs(base / name / "1", inputs)
    answer = _post(f"{server}/v1/models/{name}:predict", {"inputs": inputs.tolist()})["outputs"]
    if len(outputs) == 1:
        answer = {next(iter(outputs)): answer}
    assert set(answer) == set(outputs)
    for key, value in outputs.items():
        # served unchanged: logits stay logits (no softmax on the wire), as TensorFlow Serving does
        np.testing.assert_allclose(np.array(answer[key], dtype=np.float64), value, atol=1e-6, err_msg=f"{name} {key}")

    with urllib.request.urlopen(f"{server}/v1/models/{name}/metadata") as response:
        metadata = json.loads(response.read())
    served = metadata["metadata"]["signature_def"]["signature_def"]["serving_default"]
    real = tf.saved_model.load(str(base / name / "1")).signatures["serving_default"]
    (spec,) = real.structured_input_signature[1].values()
    assert list(served["inputs"]) == [input_name]
    assert served["inputs"][input_name]["dtype"] == "DT_" + spec.dtype.name.upper().replace("FLOAT32", "FLOAT")
    assert [int(d["size"]) for d in served["inputs"][input_name]["tensor_shape"]["dim"]] == [-1 if d is None else d for d in spec.shape.as_list()]
    assert set(served["outputs"]) == set(outputs)
