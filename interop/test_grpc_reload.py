"""ModelService.HandleReloadConfigRequest as TensorFlow Serving's own Python client sends it: a
ModelServerConfig built with tensorflow-serving-api's protos replaces the models fmnist serve
serves, and a config it cannot serve is refused with INVALID_ARGUMENT and changes nothing."""
import grpc
import numpy as np
import pytest
import tensorflow as tf
from tensorflow_serving.apis import (
    get_model_status_pb2,
    model_management_pb2,
    model_service_pb2_grpc,
    predict_pb2,
    prediction_service_pb2_grpc,
)
from tensorflow_serving.config import model_server_config_pb2

from conftest import real_test_images
from fmnist_server import FmnistServer


class _Softmax(tf.Module):
    """A softmax classifier with random weights: a different model for each seed."""

    def __init__(self, seed):
        super().__init__()
        self.kernel = tf.Variable(np.random.default_rng(seed).normal(size=(784, 10)).astype(np.float32))

    @tf.function(input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32, name="image")])
    def serve(self, image):
        return {"probabilities": tf.nn.softmax(tf.matmul(tf.reshape(image, [-1, 784]), self.kernel))}


def _save(seed, folder):
    module = _Softmax(seed)
    tf.saved_model.save(module, str(folder), signatures={"serving_default": module.serve})
    return module


def _config(*models):
    """A ModelServerConfig listing (name, base_path) pairs, as TF Serving's documentation builds one."""
    config = model_server_config_pb2.ModelServerConfig()
    for name, base_path in models:
        entry = config.model_config_list.config.add()
        entry.name = name
        entry.base_path = str(base_path)
        entry.model_platform = "tensorflow"
    return config


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """fmnist serve on fashion (seed 3), with shoes (seed 5) exported beside it but not served."""
    base = tmp_path_factory.mktemp("reload")
    _save(3, base / "served" / "fashion" / "1")
    shoes = _save(5, base / "shoes" / "1")
    server = FmnistServer("--model-base-path", str(base / "served"), "--port", "0", "--grpc-port", "0")
    try:
        with grpc.insecure_channel(server.grpc_url) as channel:
            yield {"channel": channel, "base": base, "shoes": shoes}
    finally:
        server.stop()


def _status(channel, name):
    request = get_model_status_pb2.GetModelStatusRequest()
    request.model_spec.name = name
    return model_service_pb2_grpc.ModelServiceStub(channel).GetModelStatus(request, timeout=60)


def test_a_reloaded_config_is_served_when_the_call_returns(served):
    channel, base = served["channel"], served["base"]
    request = model_management_pb2.ReloadConfigRequest()
    request.config.CopyFrom(_config(("shoes", base / "shoes")))
    response = model_service_pb2_grpc.ModelServiceStub(channel).HandleReloadConfigRequest(request, timeout=300)
    assert response.status.error_code == 0

    status = _status(channel, "shoes")
    assert [(v.version, v.state) for v in status.model_version_status] == [(1, get_model_status_pb2.ModelVersionStatus.AVAILABLE)]
    with pytest.raises(grpc.RpcError) as gone:
        _status(channel, "fashion")
    assert gone.value.code() == grpc.StatusCode.NOT_FOUND

    images, _ = real_test_images(8)
    predict = predict_pb2.PredictRequest()
    predict.model_spec.name = "shoes"
    predict.inputs["image"].CopyFrom(tf.make_tensor_proto(images))
    answer = prediction_service_pb2_grpc.PredictionServiceStub(channel).Predict(predict, timeout=60)
    expected = served["shoes"].serve(tf.constant(images))["probabilities"].numpy()
    np.testing.assert_allclose(tf.make_ndarray(answer.outputs["probabilities"]), expected, atol=1e-5)


def test_a_config_that_cannot_be_served_is_refused_and_changes_nothing(served):
    channel, base = served["channel"], served["base"]
    stub = model_service_pb2_grpc.ModelServiceStub(channel)
    request = model_management_pb2.ReloadConfigRequest()
    request.config.CopyFrom(_config(("shoes", base / "shoes"), ("hats", base / "hats")))
    with pytest.raises(grpc.RpcError) as refused:
        stub.HandleReloadConfigRequest(request, timeout=60)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert refused.value.details() == f"ReloadConfigRequest: model 'hats': base_path {base / 'hats'} is not a folder"
    with pytest.raises(grpc.RpcError) as unknown:
        _status(channel, "hats")
    assert unknown.value.code() == grpc.StatusCode.NOT_FOUND
