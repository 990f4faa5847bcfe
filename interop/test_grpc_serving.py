"""fmnist serve as TensorFlow Serving's own Python gRPC client (tensorflow-serving-api) sees it: the
documented client flow against a real server started on free ports, on real test images."""
import json
import re
import subprocess
import threading

import grpc
import numpy as np
import pytest
import tensorflow as tf
from tensorflow_serving.apis import (
    get_model_metadata_pb2,
    get_model_status_pb2,
    model_service_pb2_grpc,
    predict_pb2,
    prediction_service_pb2_grpc,
)

from conftest import ROOT, real_test_images

MODEL = "fashion"
IMAGES = 64
GRPC_LINE = re.compile(r"fmnist serve: gRPC .* on 127\.0\.0\.1:(\d+)$")


@pytest.fixture(scope="module")
def grpc_port(export):
    """Starts fmnist serve on free ports, serving the export's model folder as MODEL."""
    server = subprocess.Popen(
        [str(ROOT / "fmnist"), "serve", "--model-base-path", str(export.parent), "--model-name", MODEL,
         "--port", "0", "--grpc-port", "0"],
        stderr=subprocess.PIPE, text=True)
    log, found = [], threading.Event()
    port = []

    def read_log():
        for line in server.stderr:
            log.append(line)
            match = GRPC_LINE.search(line.rstrip("\n"))
            if match and not found.is_set():
                port.append(int(match.group(1)))
                found.set()
        found.set()

    threading.Thread(target=read_log, daemon=True).start()
    try:
        if not found.wait(300) or not port:
            pytest.fail("fmnist serve printed no gRPC line: " + "".join(log)[-2000:])
        yield port[0]
    finally:
        server.terminate()
        server.wait(60)


@pytest.fixture(scope="module")
def channel(grpc_port):
    with grpc.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
        yield channel


@pytest.fixture(scope="module")
def expected(export):
    """fmnist predict's answer for the first IMAGES test images: class ids and all probabilities."""
    rows = json.loads(subprocess.run(
        [str(ROOT / "fmnist"), "predict", "--model", str(export), "--json", "--top-k", "10",
         "--test-index", ",".join(str(i) for i in range(IMAGES))],
        capture_output=True, text=True, check=True).stdout)
    probabilities = np.zeros((IMAGES, 10), np.float32)
    for i, row in enumerate(rows):
        for score in row["top"]:
            probabilities[i, score["classId"]] = score["probability"]
    return np.array([row["classId"] for row in rows]), probabilities


def test_predict_with_make_tensor_proto_answers_what_fmnist_predict_does(channel, expected):
    images, _ = real_test_images(IMAGES)
    request = predict_pb2.PredictRequest()
    request.model_spec.name = MODEL
    request.model_spec.signature_name = "serving_default"
    request.inputs["image"].CopyFrom(tf.make_tensor_proto(images))
    assert request.inputs["image"].tensor_content  # the packed encoding, as make_tensor_proto sends it

    response = prediction_service_pb2_grpc.PredictionServiceStub(channel).Predict(request, timeout=60)

    class_ids, probabilities = expected
    assert response.model_spec.name == MODEL and response.model_spec.version.value == 1
    got_ids = tf.make_ndarray(response.outputs["class_id"])
    got_probabilities = tf.make_ndarray(response.outputs["probabilities"])
    assert got_ids.dtype == np.int64 and got_probabilities.shape == (IMAGES, 10)
    np.testing.assert_array_equal(got_ids, class_ids)
    np.testing.assert_allclose(got_probabilities, probabilities, rtol=0, atol=1e-6)


def test_metadata_holds_the_signature_def_map(channel):
    request = get_model_metadata_pb2.GetModelMetadataRequest()
    request.model_spec.name = MODEL
    request.metadata_field.append("signature_def")
    response = prediction_service_pb2_grpc.PredictionServiceStub(channel).GetModelMetadata(request, timeout=60)

    signatures = get_model_metadata_pb2.SignatureDefMap()
    assert response.metadata["signature_def"].Unpack(signatures)
    serving = signatures.signature_def["serving_default"]
    assert serving.method_name == "tensorflow/serving/predict"
    image = serving.inputs["image"]
    assert image.dtype == tf.float32.as_datatype_enum
    assert [d.size for d in image.tensor_shape.dim] == [-1, 28, 28, 1]
    assert set(serving.outputs) == {"probabilities", "class_id"}
    assert serving.outputs["probabilities"].dtype == tf.float32.as_datatype_enum
    assert [d.size for d in serving.outputs["probabilities"].tensor_shape.dim] == [-1, 10]
    assert serving.outputs["class_id"].dtype == tf.int64.as_datatype_enum


def test_model_status_reports_the_version_available(channel):
    request = get_model_status_pb2.GetModelStatusRequest()
    request.model_spec.name = MODEL
    response = model_service_pb2_grpc.ModelServiceStub(channel).GetModelStatus(request, timeout=60)
    (status,) = response.model_version_status
    assert status.version == 1
    assert status.state == get_model_status_pb2.ModelVersionStatus.AVAILABLE
    assert status.status.error_code == 0 and status.status.error_message == ""


def test_an_unknown_model_is_not_found(channel):
    request = predict_pb2.PredictRequest()
    request.model_spec.name = "no_such_model"
    request.inputs["image"].CopyFrom(tf.make_tensor_proto(np.zeros((1, 28, 28, 1), np.float32)))
    with pytest.raises(grpc.RpcError) as error:
        prediction_service_pb2_grpc.PredictionServiceStub(channel).Predict(request, timeout=60)
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    assert error.value.details() == "Servable not found for request: Latest(no_such_model)"


def test_a_wrong_shape_is_an_invalid_argument(channel):
    request = predict_pb2.PredictRequest()
    request.model_spec.name = MODEL
    request.inputs["image"].CopyFrom(tf.make_tensor_proto(np.zeros((2, 28, 28), np.float32)))
    with pytest.raises(grpc.RpcError) as error:
        prediction_service_pb2_grpc.PredictionServiceStub(channel).Predict(request, timeout=60)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.value.details() == "input 'image' expects shape [-1,28,28,1] but got: [2,28,28]"
