"""fmnist deployed where the users are, judged by the outside clients: NVIDIA Triton's own KServe v2
(Open Inference Protocol) HTTP client against `fmnist serve`, SageMaker's container contract with
`requests` against `fmnist serve --sagemaker`, and `model.tar.gz` unpacked with `tarfile` and loaded
by TensorFlow, as SageMaker's TensorFlow Serving container does.

A small baseline model is trained briefly and exported once for the module with every format.
"""
import json
import re
import subprocess
import tarfile
import time

import numpy as np
import pytest
import requests
import tensorflow as tf
import tritonclient.grpc as triton_grpc
import tritonclient.http as triton
from tritonclient.utils import InferenceServerException

from dockerfile_parse import DockerfileParser

from conftest import ROOT, fmnist, real_test_images
from fmnist_server import FmnistServer, free_port

MODEL = "fashion_baseline"
N = 16


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deploy")
    out = fmnist("train", "--model", "baseline", "--epochs", "1", "--limit-train", "2000", "--no-plots",
                 "--run-dir", str(tmp / "run"), "--export", "--format", "savedmodel,sagemaker",
                 "--saved-models", str(tmp / "saved_models"))
    archive = tmp / "saved_models" / MODEL / "model.tar.gz"
    match = re.search(r"wrote (\S+) \(sha256 ([0-9a-f]{64})\)", out)
    assert match and match.group(1) == str(archive), out
    return {"base": tmp / "saved_models", "version": tmp / "saved_models" / MODEL / "1",
            "archive": archive, "sha256": match.group(2), "tmp": tmp}


@pytest.fixture(scope="module")
def images():
    return real_test_images(N)[0]


@pytest.fixture(scope="module")
def expected(export):
    """What `fmnist predict` says of the first N test images: class ids and all 10 probabilities."""
    rows = json.loads(fmnist("predict", "--model", str(export["version"]), "--json", "--top-k", "10",
                             "--test-index", ",".join(str(i) for i in range(N))))
    class_ids = np.array([row["classId"] for row in rows])
    probabilities = np.zeros((N, 10))
    for i, row in enumerate(rows):
        for score in row["top"]:
            probabilities[i, score["classId"]] = score["probability"]
    return class_ids, probabilities


@pytest.fixture(scope="module")
def server(export):
    server = FmnistServer("--model-base-path", str(export["base"]), "--port", "0", "--grpc-port", "0")
    yield server
    server.stop()


def test_triton_client_health_and_metadata(server):
    client = triton.InferenceServerClient(url=server.url)
    assert client.is_server_live()
    assert client.is_server_ready()
    assert client.is_model_ready(MODEL)
    assert client.is_model_ready(MODEL, "1")
    assert not client.is_model_ready(MODEL, "2")
    assert client.get_server_metadata()["name"] == "fmnist"
    metadata = client.get_model_metadata(MODEL)
    assert metadata["name"] == MODEL and metadata["versions"] == ["1"]
    assert metadata["inputs"] == [{"name": "image", "datatype": "FP32", "shape": [-1, 28, 28, 1]}]
    assert metadata["outputs"] == [{"name": "class_id", "datatype": "INT64", "shape": [-1]},
                                   {"name": "probabilities", "datatype": "FP32", "shape": [-1, 10]}]


@pytest.mark.parametrize("binary", [True, False], ids=["binary", "json"])
def test_triton_client_infer_matches_fmnist_predict(server, images, expected, binary):
    client = triton.InferenceServerClient(url=server.url)
    image = triton.InferInput("image", [N, 28, 28, 1], "FP32")
    image.set_data_from_numpy(images, binary_data=binary)
    outputs = [triton.InferRequestedOutput(name, binary_data=binary) for name in ("probabilities", "class_id")]
    result = client.infer(MODEL, [image], outputs=outputs, request_id="r1")
    assert result.get_response()["model_name"] == MODEL
    assert result.get_response()["id"] == "r1"
    class_ids, probabilities = expected
    np.testing.assert_array_equal(result.as_numpy("class_id"), class_ids)
    np.testing.assert_allclose(result.as_numpy("probabilities"), probabilities, atol=1e-6, rtol=0)
    # no outputs named: the client asks for all of them, binary
    every = client.infer(MODEL, [image])
    np.testing.assert_array_equal(every.as_numpy("class_id"), class_ids)


def test_triton_client_errors(server, images):
    client = triton.InferenceServerClient(url=server.url)
    image = triton.InferInput("image", [1, 28, 28, 1], "FP32")
    image.set_data_from_numpy(images[:1])
    with pytest.raises(InferenceServerException, match="unknown model"):
        client.infer("shoes", [image])
    wrong = triton.InferInput("image", [1, 784], "FP32")
    wrong.set_data_from_numpy(images[:1].reshape(1, 784))
    with pytest.raises(InferenceServerException, match=r"expects shape \[-1,28,28,1\]"):
        client.infer(MODEL, [wrong])


def test_triton_grpc_client_against_the_grpc_form(server, images, expected):
    client = triton_grpc.InferenceServerClient(url=server.grpc_url)
    assert client.is_server_live()
    assert client.is_server_ready()
    assert client.is_model_ready(MODEL)
    assert not client.is_model_ready(MODEL, "2")
    assert client.get_server_metadata(as_json=True)["name"] == "fmnist"
    metadata = client.get_model_metadata(MODEL, as_json=True)
    assert metadata["versions"] == ["1"]
    assert metadata["inputs"] == [{"name": "image", "datatype": "FP32", "shape": ["-1", "28", "28", "1"]}]
    assert [o["name"] for o in metadata["outputs"]] == ["class_id", "probabilities"]
    image = triton_grpc.InferInput("image", [N, 28, 28, 1], "FP32")
    image.set_data_from_numpy(images)
    result = client.infer(MODEL, [image], request_id="g1")
    assert result.get_response().id == "g1"
    class_ids, probabilities = expected
    np.testing.assert_array_equal(result.as_numpy("class_id"), class_ids)
    np.testing.assert_allclose(result.as_numpy("probabilities"), probabilities, atol=1e-6, rtol=0)
    with pytest.raises(InferenceServerException, match="unknown model"):
        client.infer("shoes", [image])


def test_sagemaker_archive_unpacks_and_loads_in_tensorflow(export, images, expected):
    digest = __import__("hashlib").sha256(export["archive"].read_bytes()).hexdigest()
    assert digest == export["sha256"]
    target = export["tmp"] / "unpacked"
    with tarfile.open(export["archive"], "r:gz") as archive:
        assert sorted(archive.getnames()) == ["1", "1/fmnist.json", "1/saved_model.pb", "1/variables",
                                              "1/variables/variables.data-00000-of-00001",
                                              "1/variables/variables.index"]
        archive.extractall(target, filter="data")
    serve = tf.saved_model.load(str(target / "1")).signatures["serving_default"]
    outputs = serve(image=tf.constant(images))
    class_ids, probabilities = expected
    np.testing.assert_array_equal(outputs["class_id"].numpy(), class_ids)
    np.testing.assert_allclose(outputs["probabilities"].numpy(), probabilities, atol=1e-6, rtol=0)


def test_sagemaker_container_contract(export, images, expected):
    model_dir = export["tmp"] / "opt" / "ml" / "model"
    model_dir.mkdir(parents=True)
    port = free_port()
    server = FmnistServer("--sagemaker", "--model-base-path", str(model_dir), "--host", "127.0.0.1", "--grpc-port", "0",
                          "--poll-seconds", "0.2", env={"SAGEMAKER_BIND_TO_PORT": str(port)})
    try:
        assert server.port == port
        url = f"http://127.0.0.1:{port}"
        before = requests.get(url + "/ping", timeout=10)
        assert before.status_code == 503 and before.content == b""

        # what SageMaker does with model.tar.gz: unpack it into /opt/ml/model (here: whole, then in place)
        staging = export["tmp"] / "staging"
        with tarfile.open(export["archive"], "r:gz") as archive:
            archive.extractall(staging, filter="data")
        (staging / "1").rename(model_dir / "1")
        deadline = time.monotonic() + 60
        while requests.get(url + "/ping", timeout=10).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        after = requests.get(url + "/ping", timeout=10)
        assert after.status_code == 200 and after.content == b""

        class_ids, probabilities = expected
        invocations = url + "/invocations"

        def check(response, count=N):
            assert response.status_code == 200, response.text
            predictions = response.json()["predictions"]
            np.testing.assert_array_equal([p["class_id"] for p in predictions], class_ids[:count])
            np.testing.assert_allclose([p["probabilities"] for p in predictions], probabilities[:count], atol=1e-6, rtol=0)

        check(requests.post(invocations, json={"instances": images.tolist()}, timeout=60))
        check(requests.post(invocations, json=images.tolist(), timeout=60))
        lines = "\n".join(json.dumps(image.tolist()) for image in images)
        check(requests.post(invocations, data=lines, headers={"Content-Type": "application/jsonlines"}, timeout=60))
        csv = "\n".join(",".join(repr(float(v)) for v in image.ravel()) for image in images)
        check(requests.post(invocations, data=csv, headers={"Content-Type": "text/csv"}, timeout=60))

        as_lines = requests.post(invocations, data=csv, timeout=60,
                                 headers={"Content-Type": "text/csv", "Accept": "application/jsonlines"})
        assert as_lines.headers["Content-Type"] == "application/jsonlines"
        assert [json.loads(line)["class_id"] for line in as_lines.text.splitlines()] == class_ids.tolist()

        attributes = {"Content-Type": "text/csv",
                      "X-Amzn-SageMaker-Custom-Attributes": "tfs-model-name=model,tfs-model-version=1"}
        check(requests.post(invocations, data=csv, headers=attributes, timeout=60))
        attributes["X-Amzn-SageMaker-Custom-Attributes"] = "tfs-model-name=shoes"
        assert requests.post(invocations, data=csv, headers=attributes, timeout=60).status_code == 404

        refused = requests.post(invocations, data=b"\x89PNG", headers={"Content-Type": "image/png"}, timeout=60)
        assert refused.status_code == 415 and "unsupported Content-Type" in refused.json()["error"]
    finally:
        seconds = server.stop()
    assert seconds < 30, "SageMaker allows 30 s after SIGTERM"
    assert server.log[-1].endswith("fmnist serve: stopped"), server.log[-5:]


def dockerfile_java_modules():
    (arg,) = [i["value"] for i in DockerfileParser(path=str(ROOT / "Dockerfile")).structure
              if i["instruction"] == "ARG" and i["value"].startswith("JAVA_MODULES=")]
    return arg.split("=", 1)[1]


def test_the_images_java_runtime_has_every_module_the_cli_needs(export):
    jar = ROOT / "cli" / "target" / "fmnist.jar"  # built by ./fmnist for the export fixture
    needed = subprocess.run(["jdeps", "--multi-release", "17", "--ignore-missing-deps", "--print-module-deps",
                             "--class-path", str(jar.parent / "lib" / "*"), str(jar)],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert set(needed.split(",")) <= set(dockerfile_java_modules().split(","))


def test_fmnist_serve_on_the_images_jlinked_runtime(export, images, expected):
    """The Dockerfile's runtime stage without the container: jlink with its module list, run the CLI on it."""
    runtime = export["tmp"] / "jre"
    subprocess.run(["jlink", "--add-modules", dockerfile_java_modules(), "--strip-debug", "--no-header-files",
                    "--no-man-pages", "--output", str(runtime)], check=True, capture_output=True)
    java = [str(runtime / "bin" / "java"), "-Djava.awt.headless=true", "-jar", str(ROOT / "cli" / "target" / "fmnist.jar")]
    server = FmnistServer("--model-base-path", str(export["base"]), "--port", "0", "--grpc-port", "0", command=java)
    try:
        client = triton.InferenceServerClient(url=server.url)
        assert client.is_server_ready()
        image = triton.InferInput("image", [N, 28, 28, 1], "FP32")
        image.set_data_from_numpy(images)
        result = client.infer(MODEL, [image])
        np.testing.assert_array_equal(result.as_numpy("class_id"), expected[0])
        grpc_image = triton_grpc.InferInput("image", [N, 28, 28, 1], "FP32")
        grpc_image.set_data_from_numpy(images)
        grpc_client = triton_grpc.InferenceServerClient(url=server.grpc_url)
        np.testing.assert_array_equal(grpc_client.infer(MODEL, [grpc_image]).as_numpy("class_id"), expected[0])
    finally:
        assert server.stop() < 30
