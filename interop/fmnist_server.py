"""Starts a real `fmnist serve` on a free loopback port for a test and stops it with SIGTERM."""
import os
import re
import signal
import socket
import subprocess
import threading
import time

from conftest import ROOT

LISTENING = re.compile(r"listening on http://[^:]+:(\d+)/")
GRPC = re.compile(r"fmnist serve: gRPC .* on [^:]+:(\d+)$")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FmnistServer:
    """`fmnist serve ARGS` in a child process; its stderr is collected in `log` as it comes."""

    def __init__(self, *args, env=None, command=None):
        """`command` runs the CLI another way than ./fmnist (e.g. another Java runtime)."""
        self.process = subprocess.Popen(
            [*(command or [str(ROOT / "fmnist")]), "serve", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **(env or {})},
        )
        self.log = []
        self.port = None
        self._grpc_port = None
        listening = threading.Event()
        self._grpc_listening = threading.Event()

        def drain():
            for line in self.process.stderr:
                self.log.append(line.rstrip("\n"))
                match = LISTENING.search(line)
                if match and self.port is None:
                    self.port = int(match.group(1))
                    listening.set()
                match = GRPC.search(line.rstrip("\n"))
                if match and self._grpc_port is None:
                    self._grpc_port = int(match.group(1))
                    self._grpc_listening.set()
            listening.set()
            self._grpc_listening.set()

        threading.Thread(target=drain, daemon=True).start()
        if not listening.wait(180) or self.port is None:
            self.process.kill()
            raise RuntimeError("fmnist serve did not start: " + "\n".join(self.log[-20:]))

    @property
    def url(self):
        return f"127.0.0.1:{self.port}"

    @property
    def grpc_url(self):
        """The gRPC address, from the log line that follows the REST one."""
        self._grpc_listening.wait(60)
        assert self._grpc_port is not None, "no gRPC line in: " + "\n".join(self.log[-20:])
        return f"127.0.0.1:{self._grpc_port}"

    def stop(self, timeout=30):
        """SIGTERM, as SageMaker and Kubernetes stop a container; returns the seconds it took."""
        start = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        finally:
            self.process.kill()
        return time.monotonic() - start
