"""The deployment recipes read by the parsers of their tools' formats: the Kubernetes and KServe
manifests by a YAML parser, the Dockerfile by dockerfile-parse. No cluster and no container engine
run here: these check that the files say what the README says they do."""
import pathlib

import pytest
import yaml
from dockerfile_parse import DockerfileParser

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load(path):
    return list(yaml.safe_load_all((ROOT / path).read_text()))


def option(args, name):
    return args[args.index(name) + 1]


def test_kserve_inference_service_runs_fmnist_serve_on_kserves_port_with_v2_readiness():
    (service,) = load("deploy/kserve/inferenceservice.yaml")
    assert service["apiVersion"] == "serving.kserve.io/v1beta1"
    assert service["kind"] == "InferenceService"
    (container,) = service["spec"]["predictor"]["containers"]
    assert container["name"] == "kserve-container"
    args = container["args"]
    assert args[0] == "serve"
    assert option(args, "--model-base-path") == "/mnt/models"  # where KServe's storage initializer puts STORAGE_URI
    assert option(args, "--host") == "0.0.0.0"
    port = int(option(args, "--port"))
    assert port == 8080 == container["ports"][0]["containerPort"]
    assert {e["name"] for e in container["env"]} == {"STORAGE_URI"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/v2/health/ready", "port": port}
    assert container["livenessProbe"]["httpGet"] == {"path": "/v2/health/live", "port": port}


def test_kubernetes_deployment_and_service_agree_on_ports_labels_and_readiness():
    deployment, service = load("deploy/kubernetes/fmnist-serve.yaml")
    assert (deployment["apiVersion"], deployment["kind"]) == ("apps/v1", "Deployment")
    assert (service["apiVersion"], service["kind"]) == ("v1", "Service")
    pod = deployment["spec"]["template"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    (container,) = pod["spec"]["containers"]
    args = container["args"]
    assert args[0] == "serve" and option(args, "--host") == "0.0.0.0"
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": int(option(args, "--port")), "grpc": int(option(args, "--grpc-port"))} == {"http": 8501, "grpc": 8500}
    assert container["readinessProbe"]["httpGet"] == {"path": "/v2/health/ready", "port": "http"}
    assert container["livenessProbe"]["httpGet"]["path"] == "/v2/health/live"
    assert {p["name"]: p["targetPort"] for p in service["spec"]["ports"]} == {"http": "http", "grpc": "grpc"}
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert mounts["models"] == option(args, "--model-base-path")
    volumes = {v["name"] for v in pod["spec"]["volumes"]}
    assert volumes == set(mounts)
    assert pod["spec"]["terminationGracePeriodSeconds"] >= 10  # fmnist serve drains for up to 10 s


@pytest.fixture(scope="module")
def dockerfile():
    parser = DockerfileParser(path=str(ROOT / "Dockerfile"))
    return parser


def test_dockerfile_builds_a_jlinked_non_root_image_with_fmnist_as_entrypoint(dockerfile):
    instructions = dockerfile.structure
    stages = [i for i in instructions if i["instruction"] == "FROM"]
    assert len(stages) == 2, "a build stage and a runtime stage"
    final = instructions[instructions.index(stages[-1]):]
    runs = [i["value"] for i in instructions if i["instruction"] == "RUN"]
    assert any(run.startswith("./mvnw") and "package -pl cli -am" in run for run in runs)
    assert any(run.startswith("jlink --add-modules \"$JAVA_MODULES\"") for run in runs)
    copies = [i["value"] for i in final if i["instruction"] == "COPY"]
    assert "--from=build /opt/java /opt/java" in copies
    assert "--from=build /src/cli/target/fmnist.jar /opt/fmnist/fmnist.jar" in copies
    assert "--from=build /src/cli/target/lib/ /opt/fmnist/lib/" in copies
    (user,) = [i["value"] for i in final if i["instruction"] == "USER"]
    assert user.split(":")[0] not in ("0", "root")
    entrypoint = [i["value"] for i in final if i["instruction"] == "ENTRYPOINT"]
    assert entrypoint == ['["fmnist"]']
    (cmd,) = [i["value"] for i in final if i["instruction"] == "CMD"]
    assert cmd.startswith('["serve"')
    exposed = " ".join(i["value"] for i in final if i["instruction"] == "EXPOSE").split()
    assert {"8500", "8501", "8080"} <= set(exposed)
    launcher = (ROOT / "deploy" / "fmnist").read_text()
    assert "exec /opt/java/bin/java" in launcher and "-jar /opt/fmnist/fmnist.jar" in launcher
    assert (ROOT / "deploy" / "fmnist").stat().st_mode & 0o111, "the launcher is executable"


def test_dockerignore_keeps_builds_data_and_venvs_out_of_the_context():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"**/target/", "interop/.venv", "data/fashion-mnist/", "saved_models/"} <= set(ignored)
