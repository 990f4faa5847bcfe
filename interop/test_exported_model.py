"""An fmnist export as Python users load it: TensorFlow's TF2 loader, the TF1 session loader that
TensorFlow Serving's C++ loader mirrors, the ONNX checker and ONNX Runtime.

By default a briefly trained cnn-bn (BatchNormalization and Dropout: the layers whose inference
form matters) is trained and exported with ./fmnist; FMNIST_EXPORT names an existing version folder
(saved_models/<name>/<version>) to check instead.
"""
import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import tensorflow as tf

from conftest import real_test_images


@pytest.fixture(scope="module")
def provenance(export):
    return json.loads((export / "fmnist.json").read_text())


@pytest.fixture(scope="module")
def test_set():
    return real_test_images(10_000)


@pytest.fixture(scope="module")
def tf2_outputs(export, test_set):
    serve = tf.saved_model.load(str(export)).signatures["serving_default"]
    images, _ = test_set
    outputs = [serve(image=tf.constant(images[i:i + 1000])) for i in range(0, len(images), 1000)]
    return {k: np.concatenate([o[k].numpy() for o in outputs]) for k in ("probabilities", "class_id")}


def test_tf2_loader_serves_the_documented_signature(export, tf2_outputs):
    model = tf.saved_model.load(str(export))
    assert list(model.signatures.keys()) == ["serving_default"]
    serve = model.signatures["serving_default"]
    (spec,) = serve.structured_input_signature[1].values()
    assert spec.name == "image" and spec.dtype == tf.float32 and spec.shape.as_list() == [None, 28, 28, 1]
    assert set(serve.structured_outputs) == {"probabilities", "class_id"}
    assert tf2_outputs["probabilities"].dtype == np.float32
    assert tf2_outputs["class_id"].dtype == np.int64
    np.testing.assert_allclose(tf2_outputs["probabilities"].sum(axis=1), 1.0, atol=1e-5)


def test_tf1_session_loader_as_tensorflow_serving_uses_it(export, test_set, tf2_outputs):
    with tf.compat.v1.Session(graph=tf.Graph()) as session:
        meta = tf.compat.v1.saved_model.loader.load(session, ["serve"], str(export))
        signature = meta.signature_def["serving_default"]
        assert signature.method_name == "tensorflow/serving/predict"
        images, _ = test_set
        probabilities, class_id = session.run(
            [signature.outputs["probabilities"].name, signature.outputs["class_id"].name],
            {signature.inputs["image"].name: images[:1000]},
        )
    np.testing.assert_array_equal(class_id, tf2_outputs["class_id"][:1000])
    np.testing.assert_allclose(probabilities, tf2_outputs["probabilities"][:1000], atol=1e-6)


def test_variables_are_exactly_the_model_parameters(export, provenance):
    variables = tf.train.list_variables(str(export / "variables" / "variables"))
    assert sum(int(np.prod(shape)) for _, shape in variables) == provenance["model"]["parameters"]
    assert not [name for name, _ in variables if "adam" in name.lower() or name.endswith(("_m", "_v"))]


def test_accuracy_is_the_runs_test_accuracy(test_set, tf2_outputs, provenance):
    _, labels = test_set
    if provenance["dataset"]["testImages"] != len(labels):
        pytest.skip("the run was evaluated on another test set")
    accuracy = float(np.mean(tf2_outputs["class_id"] == labels))
    # Float summation order may flip an argmax on a near-tie: allow two images in 10,000.
    assert abs(accuracy - provenance["testMetrics"]["accuracy"]) <= 2e-4


def test_onnx_checker_accepts_the_model(export):
    model = onnx.load(str(export / "model.onnx"))
    onnx.checker.check_model(model, full_check=True)  # schema, types and shape inference
    assert model.ir_version == 7
    assert [(o.domain, o.version) for o in model.opset_import] == [("", 13)]
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    outputs = {o.name: [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim] for o in inferred.graph.output}
    assert outputs == {"probabilities": ["N", 10], "class_id": ["N"]}


def test_onnx_runtime_matches_tensorflow(export, test_set, tf2_outputs):
    session = ort.InferenceSession(str(export / "model.onnx"), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["image"]
    assert session.get_inputs()[0].shape == ["N", 28, 28, 1]
    images, _ = test_set
    probabilities, class_id = session.run(["probabilities", "class_id"], {"image": images})
    np.testing.assert_array_equal(class_id, tf2_outputs["class_id"])
    assert np.max(np.abs(probabilities - tf2_outputs["probabilities"])) <= 1e-5
