"""The soak's request kinds: valid and hostile REST calls, gRPC calls, each with the outcomes it may have.

A kind is a function taking a Client and returning an outcome string: the HTTP status ("200"), the
gRPC status name ("OK"), "sent" for a client that hangs up on purpose, or "error: ..." when the
client itself failed (connection refused or reset, timeout). Each kind lists the outcomes a healthy
server gives it; any other outcome is counted as unexpected.
"""
import gzip
import http.client
import json
import random
import socket
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, FrozenSet

MODEL = "fashion"
PIXELS = 28 * 28


def load_test_images(data_dir: Path, count: int):
    """The first `count` Fashion-MNIST test images, as lists of 784 floats in [0, 1]."""
    with gzip.open(data_dir / "t10k-images-idx3-ubyte.gz", "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051 or rows * cols != PIXELS:
            raise ValueError(f"not an IDX image file: {data_dir}")
        raw = f.read(count * PIXELS)
    return [[b / 255.0 for b in raw[i * PIXELS:(i + 1) * PIXELS]] for i in range(count)]


def nested(pixels):
    """784 floats as the 28x28x1 nested lists of the signature's [-1, 28, 28, 1] input."""
    return [[[pixels[r * 28 + c]] for c in range(28)] for r in range(28)]


class Answers:
    """The class each test image got first; later answers must agree (every version is the same model)."""

    def __init__(self):
        self._first = {}
        self._lock = threading.Lock()
        self.checked = 0
        self.mismatches = []

    def check(self, image: int, class_id: int, where: str):
        with self._lock:
            self.checked += 1
            first = self._first.setdefault(image, class_id)
            if first != class_id and len(self.mismatches) < 20:
                self.mismatches.append(f"image {image}: class {class_id} from {where}, first answer {first}")


class Payloads:
    """The test images and their REST bodies, encoded once (JSON encoding would cost more than the server's work)."""

    def __init__(self, images):
        self.images = images
        n = len(images)
        self.instances = [json.dumps({"instances": [nested(px)]}) for px in images]
        self.inputs = [json.dumps({"inputs": [nested(images[(i + j) % n]) for j in range(4)]}) for i in range(n)]
        self.too_many = json.dumps({"instances": [nested(images[0])] * 65})


class Client:
    """One traffic thread's connections and the shared state its requests need."""

    def __init__(self, host, rest_port, grpc_stubs, payloads: Payloads, answers: Answers, versions, seed):
        self.host = host
        self.rest_port = rest_port
        self.grpc = grpc_stubs
        self.payloads = payloads
        self.images = payloads.images
        self.answers = answers
        self.versions = versions
        self.random = random.Random(seed)
        self.rest = http.client.HTTPConnection(host, rest_port, timeout=30)

    def call(self, method, path, body=None, headers=None):
        """A request on this thread's keep-alive connection; returns (status, body bytes)."""
        hdrs = {"Content-Type": "application/json"} if body is not None else {}
        hdrs.update(headers or {})
        try:
            self.rest.request(method, path, body=body, headers=hdrs)
            reply = self.rest.getresponse()
            data = reply.read()
            if reply.will_close:
                self.rest.close()
            return str(reply.status), data
        except (OSError, http.client.HTTPException) as e:
            self.rest.close()
            return f"error: {type(e).__name__} {e}", b""

    def raw(self, data: bytes, read=True, timeout=15.0):
        """Bytes on a fresh connection; returns the status of the reply (or "sent" when not read)."""
        try:
            with socket.create_connection((self.host, self.rest_port), timeout=timeout) as s:
                s.sendall(data)
                if not read:
                    return "sent"
                return status_line(s)
        except OSError as e:
            return f"error: {type(e).__name__} {e}"

    def image(self):
        i = self.random.randrange(len(self.images))
        return i, self.images[i]

    def predict(self, path, body, images, where):
        status, data = self.call("POST", path, body)
        return _checked_predictions(self, status, data, images, where)


def status_line(s: socket.socket) -> str:
    """The status code of the HTTP reply arriving on s ("closed" if the server closed first)."""
    buf = b""
    while b"\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            return "closed" if not buf else f"error: partial reply {buf[:40]!r}"
        buf += chunk
    parts = buf.split(b"\r\n", 1)[0].split(b" ")
    return parts[1].decode("ascii", "replace") if len(parts) > 1 else f"error: bad status line {buf[:40]!r}"


def _checked_predictions(client: Client, status, data, images, where):
    if status != "200":
        return status
    try:
        reply = json.loads(data)
        if "predictions" in reply:
            classes = [p["class_id"] for p in reply["predictions"]]
        else:
            classes = reply["outputs"]["class_id"]
    except (ValueError, KeyError, TypeError) as e:
        return f"error: unreadable predict reply ({e})"
    if len(classes) != len(images):
        return f"error: {len(classes)} predictions for {len(images)} images"
    for i, c in zip(images, classes):
        client.answers.check(i, int(c), where)
    return status


def rest_predict_instances(c: Client):
    i, _ = c.image()
    return c.predict(f"/v1/models/{MODEL}:predict", c.payloads.instances[i], [i], "REST instances")


def rest_predict_inputs(c: Client):
    i, _ = c.image()
    n = len(c.images)
    return c.predict(f"/v1/models/{MODEL}:predict", c.payloads.inputs[i], [(i + j) % n for j in range(4)],
                     "REST inputs")


def rest_predict_version(c: Client):
    i, _ = c.image()
    v = c.versions.current()
    return c.predict(f"/v1/models/{MODEL}/versions/{v}:predict", c.payloads.instances[i], [i], f"REST version {v}")


def rest_status(c: Client):
    return c.call("GET", f"/v1/models/{MODEL}")[0]


def rest_metadata(c: Client):
    return c.call("GET", f"/v1/models/{MODEL}/metadata")[0]


def rest_head(c: Client):
    return c.call("HEAD", f"/v1/models/{MODEL}")[0]


def rest_options(c: Client):
    return c.call("OPTIONS", f"/v1/models/{MODEL}:predict",
                  headers={"Origin": "http://soak.example", "Access-Control-Request-Method": "POST"})[0]


def metrics_scrape(c: Client):
    return c.call("GET", "/monitoring/prometheus/metrics")[0]


def malformed_json(c: Client):
    return c.call("POST", f"/v1/models/{MODEL}:predict", '{"instances": [[0.1, 0.2,')[0]


def wrong_shape(c: Client):
    return c.call("POST", f"/v1/models/{MODEL}:predict", '{"instances": [[1.0, 5.0]]}')[0]


def wrong_type(c: Client):
    return c.call("POST", f"/v1/models/{MODEL}:predict", '{"instances": ["not", "numbers"]}')[0]


def too_many_instances(c: Client):
    """65 instances against --max-batch-size 64: the batcher refuses the task."""
    return c.call("POST", f"/v1/models/{MODEL}:predict", c.payloads.too_many)[0]


def unknown_model(c: Client):
    return c.call("POST", "/v1/models/no_such_model:predict", '{"instances": [1.0]}')[0]


def unknown_version(c: Client):
    return c.call("POST", f"/v1/models/{MODEL}/versions/999999:predict", '{"instances": [1.0]}')[0]


def unknown_path(c: Client):
    """TF Serving answers a path outside its API 400 "Malformed request", not 404."""
    return c.call("GET", "/v1/nothing/here")[0]


def garbage_request(c: Client):
    return c.raw(b"\x16\x03\x01 GARBAGE \xff\xfe\r\n\r\n")


def declared_oversized_body(c: Client):
    """A Content-Length over --max-body-mib: 413 at once, without the body being sent."""
    head = (f"POST /v1/models/{MODEL}:predict HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\n"
            f"Content-Length: {17 * 1024 * 1024}\r\n\r\n").encode()
    return c.raw(head)


def oversized_body(c: Client):
    """17 MiB sent whole before the reply is read, as Python's http.client does."""
    return c.call("POST", f"/v1/models/{MODEL}:predict", b"[" + b"0," * (17 * 512 * 1024) + b"0]")[0]


def disconnect_mid_body(c: Client):
    head = (f"POST /v1/models/{MODEL}:predict HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\n"
            f"Content-Length: 50000\r\n\r\n").encode()
    return c.raw(head + b'{"instances": [[[[0.0]' + b",[0.0]" * 500, read=False)


def slow_headers(c: Client):
    """Headers trickled a byte every 0.5 s: the header deadline answers 408 and closes."""
    try:
        with socket.create_connection((c.host, c.rest_port), timeout=60) as s:
            s.sendall(f"POST /v1/models/{MODEL}:predict HTTP/1.1\r\n".encode())
            s.settimeout(0.5)
            for byte in b"X-Slow: " + b"a" * 200:
                s.send(bytes([byte]))
                try:
                    s.recv(1, socket.MSG_PEEK)
                    break  # the reply, or the server closed
                except socket.timeout:
                    continue
            s.settimeout(30)
            return status_line(s)
    except OSError as e:
        # The server may close after its 408 while a trickled byte is in flight.
        return f"error: {type(e).__name__} {e}"


# gRPC kinds (TensorFlow Serving's own Python client); the module imports tensorflow's protos lazily.

def _grpc_predict(c: Client, model, version, shape, values, images):
    from tensorflow.core.framework import tensor_pb2, tensor_shape_pb2, types_pb2
    from tensorflow_serving.apis import predict_pb2
    import grpc
    request = predict_pb2.PredictRequest()
    request.model_spec.name = model
    if version is not None:
        request.model_spec.version.value = version
    tensor = request.inputs["image"]
    tensor.CopyFrom(tensor_pb2.TensorProto(
        dtype=types_pb2.DT_FLOAT,
        tensor_shape=tensor_shape_pb2.TensorShapeProto(dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=d) for d in shape]),
        tensor_content=struct.pack(f"<{len(values)}f", *values)))
    try:
        reply = c.grpc["predict"].Predict(request, timeout=30)
    except grpc.RpcError as e:
        return e.code().name
    classes = reply.outputs["class_id"].int64_val
    if len(classes) != len(images):
        return f"error: {len(classes)} gRPC predictions for {len(images)} images"
    for i, k in zip(images, classes):
        c.answers.check(i, int(k), "gRPC")
    return "OK"


def grpc_predict(c: Client):
    i, px = c.image()
    return _grpc_predict(c, MODEL, None, [1, 28, 28, 1], px, [i])


def grpc_predict_version(c: Client):
    i, px = c.image()
    return _grpc_predict(c, MODEL, c.versions.current(), [1, 28, 28, 1], px, [i])


def grpc_unknown_model(c: Client):
    i, px = c.image()
    return _grpc_predict(c, "no_such_model", None, [1, 28, 28, 1], px, [i])


def grpc_wrong_shape(c: Client):
    return _grpc_predict(c, MODEL, None, [2], [1.0, 5.0], [])


def _grpc_code(call, request):
    """The gRPC status name of one call."""
    import grpc
    try:
        call(request, timeout=30)
        return "OK"
    except grpc.RpcError as e:
        return e.code().name


def grpc_metadata(c: Client):
    from tensorflow_serving.apis import get_model_metadata_pb2
    request = get_model_metadata_pb2.GetModelMetadataRequest(metadata_field=["signature_def"])
    request.model_spec.name = MODEL
    return _grpc_code(c.grpc["predict"].GetModelMetadata, request)


def grpc_status(c: Client):
    from tensorflow_serving.apis import get_model_status_pb2
    request = get_model_status_pb2.GetModelStatusRequest()
    request.model_spec.name = MODEL
    return _grpc_code(c.grpc["model"].GetModelStatus, request)


def grpc_stubs(host, port):
    import grpc
    from tensorflow_serving.apis import model_service_pb2_grpc, prediction_service_pb2_grpc
    channel = grpc.insecure_channel(f"{host}:{port}")
    return {"predict": prediction_service_pb2_grpc.PredictionServiceStub(channel),
            "model": model_service_pb2_grpc.ModelServiceStub(channel)}


@dataclass(frozen=True)
class Kind:
    name: str
    run: Callable[[Client], str]
    weight: float                 # share of the mixed traffic (relative)
    valid: bool                   # a valid request: anything but success is a failure
    expected: FrozenSet[str]
    grpc: bool = False


def k(name, run, weight, valid, *expected, grpc=False):
    return Kind(name, run, weight, valid, frozenset(expected), grpc)


MIXED = [
    k("rest_predict_instances", rest_predict_instances, 30, True, "200"),
    k("rest_predict_inputs", rest_predict_inputs, 8, True, "200"),
    k("rest_predict_version", rest_predict_version, 8, True, "200"),
    k("rest_status", rest_status, 3, True, "200"),
    k("rest_metadata", rest_metadata, 2, True, "200"),
    k("rest_head", rest_head, 1, True, "200"),
    k("rest_options", rest_options, 1, True, "204"),
    k("metrics_scrape", metrics_scrape, 0.5, True, "200"),
    k("grpc_predict", grpc_predict, 20, True, "OK", grpc=True),
    k("grpc_predict_version", grpc_predict_version, 5, True, "OK", grpc=True),
    k("grpc_metadata", grpc_metadata, 1, True, "OK", grpc=True),
    k("grpc_status", grpc_status, 1, True, "OK", grpc=True),
    k("grpc_unknown_model", grpc_unknown_model, 1, False, "NOT_FOUND", grpc=True),
    k("grpc_wrong_shape", grpc_wrong_shape, 1, False, "INVALID_ARGUMENT", grpc=True),
    k("malformed_json", malformed_json, 3, False, "400"),
    k("wrong_shape", wrong_shape, 3, False, "400"),
    k("wrong_type", wrong_type, 1, False, "400"),
    k("too_many_instances", too_many_instances, 0.5, False, "400"),
    k("unknown_model", unknown_model, 2, False, "404"),
    k("unknown_version", unknown_version, 2, False, "404"),
    k("unknown_path", unknown_path, 1, False, "400"),
    k("garbage_request", garbage_request, 1, False, "400"),
    k("declared_oversized_body", declared_oversized_body, 0.5, False, "413"),
    k("disconnect_mid_body", disconnect_mid_body, 1, False, "sent"),
]

# Run by their own threads, at their own pace: each takes seconds.
SLOW_HEADERS = k("slow_headers", slow_headers, 0, False, "408")
OVERSIZED_BODY = k("oversized_body", oversized_body, 0, False, "413")


def mixed_kinds(with_grpc: bool):
    return [kind for kind in MIXED if with_grpc or not kind.grpc]


def pick(rng: random.Random, kinds):
    return rng.choices(kinds, weights=[kind.weight for kind in kinds])[0]

