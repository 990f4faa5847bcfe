"""fmnist serve --monitoring, read as Prometheus reads it: its metrics page parsed by the
prometheus_client text-format parser after a known sequence of requests."""
import json
import urllib.error
import urllib.request

import numpy as np
import pytest
import tensorflow as tf
from prometheus_client.parser import text_string_to_metric_families

from conftest import fmnist_serve, real_test_images


class _Softmax(tf.Module):
    def __init__(self):
        super().__init__()
        self.kernel = tf.Variable(np.random.default_rng(3).normal(size=(784, 10)).astype(np.float32))

    @tf.function(input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32, name="image")])
    def serve(self, image):
        return {"probabilities": tf.nn.softmax(tf.matmul(tf.reshape(image, [-1, 784]), self.kernel))}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("monitoring")
    module = _Softmax()
    tf.saved_model.save(module, str(base / "fashion" / "1"), signatures={"serving_default": module.serve})
    with fmnist_serve("--model-base-path", str(base), "--no-grpc", "--monitoring", "--enable-batching", "--max-batch-size", "8") as url:
        yield url


def _post(url, body):
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def test_metrics_count_a_known_sequence_of_requests(server):
    images, _ = real_test_images(4)
    for image in images:
        assert _post(f"{server}/v1/models/fashion:predict", {"instances": [image.tolist()]}) == 200
    assert _post(f"{server}/v1/models/fashion:predict", {"instances": images.tolist()}) == 200
    assert _post(f"{server}/v1/models/fashion:predict", {"instances": [images[0].tolist()] * 9}) == 400  # over max_batch_size
    assert _post(f"{server}/v1/models/shoes:predict", {"instances": [images[0].tolist()]}) == 404

    with urllib.request.urlopen(f"{server}/monitoring/prometheus/metrics") as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = response.read().decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}

    def sample(family, name, **labels):
        found = [s.value for s in families[family].samples if s.name == name and s.labels == labels]
        assert len(found) == 1, (name, labels, [s for s in families[family].samples if s.name == name])
        return found[0]

    assert families["fmnist_serving_requests"].type == "counter"
    requests = "fmnist_serving_requests_total"
    assert sample("fmnist_serving_requests", requests, model="fashion", version="1", api="predict", status="200") == 5
    assert sample("fmnist_serving_requests", requests, model="fashion", version="1", api="predict", status="400") == 1
    assert sample("fmnist_serving_requests", requests, model="", version="", api="predict", status="404") == 1
    assert families["fmnist_serving_request_latency_seconds"].type == "histogram"
    assert sample("fmnist_serving_request_latency_seconds", "fmnist_serving_request_latency_seconds_count",
                  model="fashion", api="predict") == 6
    # five batches ran (sequential requests are not merged): four of one image and one of four
    assert sample("fmnist_serving_batch_size", "fmnist_serving_batch_size_count", model="fashion", version="1") == 5
    assert sample("fmnist_serving_batch_size", "fmnist_serving_batch_size_sum", model="fashion", version="1") == 8
    assert sample("fmnist_serving_batch_size", "fmnist_serving_batch_size_bucket", model="fashion", version="1", le="1.0") == 4
    assert sample("fmnist_serving_batch_queued_requests", "fmnist_serving_batch_queued_requests", model="fashion", version="1") == 0
    assert sample("fmnist_serving_loaded_versions", "fmnist_serving_loaded_versions", model="fashion") == 1
    assert sample("process_resident_memory_bytes", "process_resident_memory_bytes") > 1 << 20
