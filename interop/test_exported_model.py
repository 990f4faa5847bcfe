"""An fmnist export as Python users see it: TensorFlow (both loaders) and ONNX Runtime.

FMNIST_EXPORT names the version folder (saved_models/<name>/<version>); FMNIST_DATA the folder
with the Fashion-MNIST IDX files (default: the Debian package's).
"""

import gzip
import json
import os
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import tensorflow as tf

EXPORT = Path(os.environ.get("FMNIST_EXPORT", ""))
DATA = Path(os.environ.get("FMNIST_DATA", "/usr/share/datasets/fashion-mnist"))

pytestmark = pytest.mark.skipif(
    not (EXPORT / "saved_model.pb").is_file(), reason="set FMNIST_EXPORT to an export version folder"
)


def _idx(name):
    plain = DATA / name
    path, opener = (plain, open) if plain.exists() else (DATA / (name + ".gz"), gzip.open)
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


@pytest.fixture(scope="module")
def test_set():
    images = _idx("t10k-images-idx3-ubyte").astype(np.float32).reshape(-1, 28, 28, 1) / np.float32(255)
    labels = _idx("t10k-labels-idx1-ubyte").astype(np.int64)
    return images, labels


@pytest.fixture(scope="module")
def provenance():
    return json.loads((EXPORT / "fmnist.json").read_text())


@pytest.fixture(scope="module")
def tf2_outputs(test_set):
    model = tf.saved_model.load(str(EXPORT))
    serve = model.signatures["serving_default"]
    images, _ = test_set
    outputs = [serve(image=tf.constant(images[i : i + 1000])) for i in range(0, len(images), 1000)]
    return {k: np.concatenate([o[k].numpy() for o in outputs]) for k in ("probabilities", "class_id")}


def test_tf2_loader_serves_the_documented_signature(tf2_outputs):
    model = tf.saved_model.load(str(EXPORT))
    assert list(model.signatures.keys()) == ["serving_default"]
    serve = model.signatures["serving_default"]
    (spec,) = serve.structured_input_signature[1].values()
    assert spec.name == "image" and spec.dtype == tf.float32 and spec.shape.as_list() == [None, 28, 28, 1]
    assert set(serve.structured_outputs) == {"probabilities", "class_id"}
    assert tf2_outputs["probabilities"].dtype == np.float32
    assert tf2_outputs["class_id"].dtype == np.int64
    np.testing.assert_allclose(tf2_outputs["probabilities"].sum(axis=1), 1.0, atol=1e-5)


def test_tf1_session_loader_as_tensorflow_serving_uses_it(test_set, tf2_outputs):
    graph = tf.Graph()
    with tf.compat.v1.Session(graph=graph) as session:
        meta = tf.compat.v1.saved_model.loader.load(session, ["serve"], str(EXPORT))
        signature = meta.signature_def["serving_default"]
        assert signature.method_name == "tensorflow/serving/predict"
        images, _ = test_set
        probabilities, class_id = session.run(
            [signature.outputs["probabilities"].name, signature.outputs["class_id"].name],
            {signature.inputs["image"].name: images[:1000]},
        )
    np.testing.assert_array_equal(class_id, tf2_outputs["class_id"][:1000])
    np.testing.assert_allclose(probabilities, tf2_outputs["probabilities"][:1000], atol=1e-6)


def test_variables_are_exactly_the_model_parameters(provenance):
    variables = tf.train.list_variables(str(EXPORT / "variables" / "variables"))
    assert sum(int(np.prod(shape)) for _, shape in variables) == provenance["model"]["parameters"]
    assert not [name for name, _ in variables if "adam" in name.lower() or name.endswith(("_m", "_v"))]


def test_accuracy_is_the_runs_test_accuracy(test_set, tf2_outputs, provenance):
    _, labels = test_set
    if provenance["dataset"]["testImages"] != len(labels):
        pytest.skip("the run was evaluated on another test set")
    accuracy = float(np.mean(tf2_outputs["class_id"] == labels))
    assert abs(accuracy - provenance["testMetrics"]["accuracy"]) <= 2 / len(labels)


def test_onnx_runtime_matches_tensorflow(test_set, tf2_outputs):
    session = ort.InferenceSession(str(EXPORT / "model.onnx"), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["image"]
    assert session.get_inputs()[0].shape == ["N", 28, 28, 1]
    images, _ = test_set
    probabilities, class_id = session.run(["probabilities", "class_id"], {"image": images})
    np.testing.assert_array_equal(class_id, tf2_outputs["class_id"])
    assert np.max(np.abs(probabilities - tf2_outputs["probabilities"])) <= 1e-5


def test_onnx_checker_accepts_the_model():
    model = onnx.load(str(EXPORT / "model.onnx"))
    onnx.checker.check_model(model, full_check=True)  # schema, types and shape inference
    assert model.ir_version == 7
    assert [(o.domain, o.version) for o in model.opset_import] == [("", 13)]
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    outputs = {o.name: [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim] for o in inferred.graph.output}
    assert outputs == {"probabilities": ["N", 10], "class_id": ["N"]}
