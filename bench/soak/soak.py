"""Serving soak: fmnist serve under mixed valid and hostile traffic with hot swaps, its RSS and fds sampled.

Started by bench/soak/run.sh, which builds the CLI and makes the model version to serve. This
script starts `fmnist serve` on a fresh base path, drives the traffic of traffic.py at a fixed
rate, copies a new version in every --swap-seconds (and retires the old ones), samples the
server's /proc entries every --sample-seconds, stops the server with SIGTERM and writes
samples.csv, summary.json and the server's log into --out. Exit code 0 when the run passed
(see verdict() for the rule), 1 when not.
"""
import argparse
import collections
import csv
import gzip
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import traffic

FLAT_LIMIT = 0.05


class Versions:
    """The newest version the swapper has seen AVAILABLE: what versioned requests ask for."""

    def __init__(self, first):
        self._current = first
        self._lock = threading.Lock()

    def current(self):
        with self._lock:
            return self._current

    def publish(self, version):
        with self._lock:
            self._current = version


class Tally:
    """Outcomes per request kind, latencies of the valid predicts, and the first unexpected outcomes."""

    def __init__(self, start):
        self.start = start
        self.counts = collections.defaultdict(collections.Counter)
        self.latencies = collections.defaultdict(list)   # kind -> [(elapsed s, latency ms)]
        self.unexpected = []
        self.unexpected_count = collections.Counter()
        self._lock = threading.Lock()

    def record(self, kind: traffic.Kind, outcome, started, ended):
        with self._lock:
            self.counts[kind.name][outcome] += 1
            if outcome not in kind.expected:
                self.unexpected_count[kind.name] += 1
                if len(self.unexpected) < 50:
                    self.unexpected.append({"t": round(started - self.start, 1), "kind": kind.name,
                                            "valid": kind.valid, "outcome": outcome})
            elif kind.valid and "predict" in kind.name:
                self.latencies[kind.name].append((started - self.start, (ended - started) * 1000))

    def total(self):
        with self._lock:
            return sum(sum(c.values()) for c in self.counts.values())


def run_kind(kind, client, tally):
    started = time.monotonic()
    try:
        outcome = kind.run(client)
    except Exception as e:  # a bug in the client, or a reply it cannot read: counted, never fatal
        outcome = f"error: {type(e).__name__} {e}"
    tally.record(kind, outcome, started, time.monotonic())


def mixed_traffic(make_client, kinds, rate, seed, stop, tally):
    """One thread's share of the fixed-rate mix; it skips ahead (never bursts) when the server is slow."""
    client = make_client(seed)
    rng = random.Random(seed)
    interval = 1.0 / rate
    due = time.monotonic() + rng.random() * interval
    while not stop.is_set():
        pause = due - time.monotonic()
        if pause > 0:
            stop.wait(pause)
        run_kind(traffic.pick(rng, kinds), client, tally)
        due = max(due + interval, time.monotonic() - 1.0)


def paced(kind, make_client, every, seed, stop, tally):
    """One kind on its own thread, every `every` seconds (slow clients, big bodies)."""
    client = make_client(seed)
    while not stop.is_set():
        started = time.monotonic()
        run_kind(kind, client, tally)
        stop.wait(max(0.0, every - (time.monotonic() - started)))


class Server:
    """fmnist serve as a child process on free ports, its stderr in a log file."""

    LISTENING = re.compile(r"listening on http://[^:]+:(\d+)/")
    GRPC = re.compile(r"gRPC \(.*\) on [^:]+:(\d+)")

    def __init__(self, fmnist, base, log_path, extra_args, grpc):
        self.log_path = log_path
        args = [fmnist, "serve", "--model-base-path", str(base), "--port", "0",
                "--monitoring", "--rest-api-enable-cors", "--model-version-policy", "latest:2", "--poll-seconds", "2",
                "--enable-batching", "--max-batch-size", "64", "--batch-timeout-micros", "1000"]
        args += ["--grpc-port", "0"] if grpc else ["--no-grpc"]
        self.args = args + extra_args
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=self.log)
        self.pid = self.process.pid
        self.rest_port, self.grpc_port = self._ports(grpc)

    def _ports(self, grpc, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"soak: fmnist serve exited with {self.process.returncode}; log: {self.log_path}")
            text = self.log_path.read_text(errors="replace")
            rest, grpc_port = self.LISTENING.search(text), self.GRPC.search(text)
            if rest and (grpc_port or not grpc):
                return int(rest.group(1)), int(grpc_port.group(1)) if grpc_port else None
            time.sleep(0.5)
        self.process.kill()
        sys.exit(f"soak: fmnist serve did not listen within {timeout} s; log: {self.log_path}")

    def stop(self, timeout=60):
        """SIGTERM, as an orchestrator stops it; returns (exit code, seconds to stop)."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = f"killed after {timeout} s"
        self.log.close()
        return code, round(time.monotonic() - started, 1)


def rest_get(host, port, path):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path)
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


def version_states(host, port):
    status, body = rest_get(host, port, f"/v1/models/{traffic.MODEL}")
    if status != 200:
        return {}
    return {int(v["version"]): (v["state"], v["status"]["error_code"])
            for v in json.loads(body)["model_version_status"]}


class Swapper:
    """Every `every` seconds, a new version folder is copied in (staged, then renamed) and old ones removed.

    With the policy latest:2 the two newest good versions are served; after a new one is AVAILABLE,
    every other folder is deleted. Every `corrupt_every`-th new version is a broken copy (its
    saved_model.pb overwritten with junk): the server must log it, show it END with an error and go
    on serving the versions it has.
    """

    def __init__(self, source, model_dir, host, port, versions, every, corrupt_every, start):
        self.source, self.model_dir = source, model_dir
        self.host, self.port = host, port
        self.versions, self.every, self.corrupt_every = versions, every, corrupt_every
        self.start = start
        self.good = [1]
        self.events = []

    def add(self, version, broken):
        staging = self.model_dir / f".incoming-{version}"
        shutil.copytree(self.source, staging)
        if broken:
            (staging / "saved_model.pb").write_bytes(b"not a SavedModel " * 64)
        staging.rename(self.model_dir / str(version))

    def wait_for(self, version, broken, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = version_states(self.host, self.port).get(version)
            if not broken and state == ("AVAILABLE", "OK"):
                return "AVAILABLE"
            if broken and state is not None and state[0] == "END" and state[1] != "OK":
                return f"END {state[1]}"
            time.sleep(0.2)
        return f"not seen within {timeout} s: {version_states(self.host, self.port).get(version)}"

    def retire(self):
        keep = {str(v) for v in self.good[-2:]}
        removed = []
        for folder in self.model_dir.iterdir():
            if folder.name.isdigit() and folder.name not in keep:
                shutil.rmtree(folder)
                removed.append(int(folder.name))
        return sorted(removed)

    def run(self, stop):
        version = 1
        while not stop.wait(self.every):
            version += 1
            broken = self.corrupt_every > 0 and version % self.corrupt_every == 0
            t = time.monotonic()
            self.add(version, broken)
            outcome = self.wait_for(version, broken)
            event = {"t": round(t - self.start, 1), "version": version, "broken": broken, "outcome": outcome,
                     "seconds": round(time.monotonic() - t, 2)}
            if not broken and outcome == "AVAILABLE":
                self.good.append(version)
                self.versions.publish(version)
                event["removed"] = self.retire()
            self.events.append(event)
            print(f"soak: {event['t']:7.1f} s  version {version}{' (broken)' if broken else ''}: {outcome} "
                  f"after {event['seconds']} s, removed {event.get('removed', [])}", file=sys.stderr, flush=True)


def parse_metrics(text):
    values = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, _, value = line.rpartition(" ")
        values[name] = float(value)
    return values


class Sampler:
    """The server's RSS, open fds and threads (from /proc), its JVM memory (from the metrics page), load average."""

    FIELDS = ["t_s", "rss_mib", "fds", "threads", "heap_used_mib", "heap_committed_mib", "nonheap_committed_mib",
              "rss_outside_jvm_mib", "loaded_versions", "load1", "requests"]

    def __init__(self, pid, host, port, csv_path, tally, start):
        self.pid, self.host, self.port = pid, host, port
        self.tally, self.start = tally, start
        self.rows = []
        self.file = open(csv_path, "w", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=self.FIELDS)
        self.writer.writeheader()

    def sample(self):
        status = Path(f"/proc/{self.pid}/status").read_text()
        field = lambda name: int(re.search(rf"^{name}:\s+(\d+)", status, re.M).group(1))
        fds = len(os.listdir(f"/proc/{self.pid}/fd"))
        try:
            metrics = parse_metrics(rest_get(self.host, self.port, "/monitoring/prometheus/metrics")[1].decode())
        except OSError:
            metrics = {}
        mib = lambda key: round(metrics[key] / 2 ** 20, 1) if key in metrics else ""
        rss = round(field("VmRSS") / 1024, 1)
        heap, nonheap = mib('jvm_memory_committed_bytes{area="heap"}'), mib('jvm_memory_committed_bytes{area="nonheap"}')
        row = {"t_s": round(time.monotonic() - self.start, 1), "rss_mib": rss,
               "fds": fds, "threads": field("Threads"),
               "heap_used_mib": mib('jvm_memory_used_bytes{area="heap"}'),
               "heap_committed_mib": heap, "nonheap_committed_mib": nonheap,
               # TensorFlow's and Netty's native memory, thread stacks, code: what the JVM's pools do not count
               "rss_outside_jvm_mib": round(rss - heap - nonheap, 1) if heap != "" and nonheap != "" else "",
               "loaded_versions": metrics.get(f'fmnist_serving_loaded_versions{{model="{traffic.MODEL}"}}', ""),
               "load1": float(Path("/proc/loadavg").read_text().split()[0]), "requests": self.tally.total()}
        self.rows.append(row)
        self.writer.writerow(row)
        self.file.flush()
        print(f"soak: {row['t_s']:7.1f} s  RSS {row['rss_mib']} MiB  fds {fds}  threads {row['threads']}  "
              f"heap {row['heap_used_mib']}/{heap} MiB  outside JVM {row['rss_outside_jvm_mib']} MiB  requests {row['requests']}  load {row['load1']}",
              file=sys.stderr, flush=True)

    def run(self, stop, every):
        while not stop.wait(every):
            self.sample()
        self.file.close()


def windows(minutes):
    """(warm-up end, baseline window, end window) in seconds: W = min(5 min, run / 3)."""
    w = min(300.0, minutes * 60 / 3)
    return w, (w, 2 * w), (minutes * 60 - w, minutes * 60 + 1)


def flatness(rows, column, minutes):
    warm, (b0, b1), (e0, e1) = windows(minutes)
    pick = lambda lo, hi: [r[column] for r in rows if lo <= r["t_s"] < hi and r[column] != ""]
    first, base, end, after = pick(0, warm), pick(b0, b1), pick(e0, e1), pick(warm, e1)
    if not base or not end:
        return {"error": "not enough samples"}
    b = statistics.median(base)
    return {"first_window_median": statistics.median(first) if first else None,
            "baseline_median": b, "end_median": statistics.median(end),
            "end_vs_baseline_pct": round(100 * (statistics.median(end) - b) / b, 2),
            "max_sample_vs_baseline_pct": round(100 * max(abs(v - b) for v in after) / b, 2),
            "min": min(after), "max": max(after)}


def latency_summary(tally, minutes):
    _, (b0, b1), (e0, e1) = windows(minutes)
    out = {}
    for kind, points in tally.latencies.items():
        def pct(lo, hi):
            ms = sorted(l for t, l in points if lo <= t < hi)
            return {"n": len(ms), "p50_ms": round(ms[len(ms) // 2], 2), "p99_ms": round(ms[int(len(ms) * 0.99)], 2)} \
                if ms else None
        out[kind] = {"baseline": pct(b0, b1), "end": pct(e0, e1)}
    return out


def server_messages(log_path):
    """The log's lines that are not access-log lines, grouped with digits blanked, and the stack-trace lines."""
    access = re.compile(r'^\d{4}-\d\d-\d\dT\S+ \S+ "')
    groups = collections.Counter()
    traces = 0
    with open(log_path, errors="replace") as f:
        for line in f:
            if access.match(line):
                continue
            if line.startswith("\tat ") or re.match(r"^(Exception|Caused by|\S+(Exception|Error)\b)", line):
                traces += 1
            groups[re.sub(r"\d+", "N", line.strip())[:200]] += 1
    return traces, [{"count": n, "line": line} for line, n in groups.most_common(40)]


def verdict(summary):
    """Passed: RSS and fds each within 5 % (end window's median vs baseline window's), no valid request
    failed, every hostile request got its expected answer, every swap did what it should, the
    predictions never changed, the server stopped with exit code 0 and logged no stack trace."""
    problems = []
    for column in ("rss_mib", "fds"):
        f = summary["flatness"][column]
        if "error" in f or abs(f["end_vs_baseline_pct"]) > 100 * FLAT_LIMIT:
            problems.append(f"{column} not flat within 5 %: {f}")
    if summary["valid_failures"]:
        problems.append(f"{summary['valid_failures']} valid requests failed")
    if summary["hostile_unexpected"]:
        problems.append(f"{summary['hostile_unexpected']} hostile requests got an unexpected answer")
    bad_swaps = [e for e in summary["swaps"] if not (e["outcome"] == "AVAILABLE" or e["broken"] and
                                                       e["outcome"].startswith("END"))]
    if bad_swaps:
        problems.append(f"swaps that did not complete: {bad_swaps}")
    if summary["prediction_mismatches"]:
        problems.append("predictions changed between answers")
    if summary["server_exit_code"] != 0:
        problems.append(f"server exit code {summary['server_exit_code']}")
    if summary["server_stack_trace_lines"]:
        problems.append(f"{summary['server_stack_trace_lines']} stack-trace lines in the server log")
    return problems


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 2 ** 20
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "kernel": platform.release(),
            "java": java, "python": platform.python_version()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fmnist", required=True, help="the ./fmnist launcher")
    ap.add_argument("--version-dir", required=True, type=Path, help="a model version folder to serve and copy")
    ap.add_argument("--data-dir", required=True, type=Path, help="the Fashion-MNIST gz files (test images)")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--rate", type=float, default=200, help="mixed requests per second, all threads together")
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--swap-seconds", type=float, default=60)
    ap.add_argument("--corrupt-every", type=int, default=5, help="every Nth new version is broken (0: none)")
    ap.add_argument("--sample-seconds", type=float, default=10)
    ap.add_argument("--slow-clients", type=int, default=2, help="threads trickling headers, one connection each")
    ap.add_argument("--oversized-every", type=float, default=10, help="seconds between 17 MiB bodies")
    ap.add_argument("--no-grpc", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("server_args", nargs="*", help="more fmnist serve options (after --)")
    args = ap.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    base = args.out / "base"
    model_dir = base / traffic.MODEL
    model_dir.mkdir(parents=True)
    shutil.copytree(args.version_dir, model_dir / "1")
    host = "127.0.0.1"
    grpc = not args.no_grpc
    payloads = traffic.Payloads(traffic.load_test_images(args.data_dir, 64))

    server = Server(args.fmnist, base, args.out / "server.log", args.server_args, grpc)
    print(f"soak: fmnist serve pid {server.pid}, REST :{server.rest_port}, gRPC :{server.grpc_port}; "
          f"{args.minutes} min at {args.rate} req/s", file=sys.stderr, flush=True)
    start = time.monotonic()
    stop = threading.Event()
    tally = Tally(start)
    answers = traffic.Answers()
    versions = Versions(1)
    make_client = lambda seed: traffic.Client(host, server.rest_port,
                                              traffic.grpc_stubs(host, server.grpc_port) if grpc else None,
                                              payloads, answers, versions, seed)
    sampler = Sampler(server.pid, host, server.rest_port, args.out / "samples.csv", tally, start)
    sampler.sample()
    swapper = Swapper(args.version_dir, model_dir, host, server.rest_port, versions, args.swap_seconds,
                      args.corrupt_every, start)
    kinds = traffic.mixed_kinds(grpc)
    threads = [threading.Thread(target=mixed_traffic,
                                args=(make_client, kinds, args.rate / args.threads, args.seed * 1000 + i, stop, tally))
               for i in range(args.threads)]
    threads += [threading.Thread(target=paced, args=(traffic.SLOW_HEADERS, make_client, 0, 500 + i, stop, tally))
                for i in range(args.slow_clients)]
    threads.append(threading.Thread(target=paced, args=(traffic.OVERSIZED_BODY, make_client, args.oversized_every,
                                                        600, stop, tally)))
    threads.append(threading.Thread(target=swapper.run, args=(stop,)))
    threads.append(threading.Thread(target=sampler.run, args=(stop, args.sample_seconds)))
    for t in threads:
        t.start()
    try:
        stop.wait(args.minutes * 60)
    except KeyboardInterrupt:
        print("soak: interrupted, stopping early", file=sys.stderr)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    minutes = elapsed / 60  # the windows follow the run's real length (shorter when interrupted)
    exit_code, stop_seconds = server.stop()
    traces, messages = server_messages(server.log_path)
    with open(server.log_path, "rb") as f, gzip.open(str(server.log_path) + ".gz", "wb") as z:
        shutil.copyfileobj(f, z)
    server.log_path.unlink()
    shutil.rmtree(base)

    by_kind = {name: dict(c) for name, c in sorted(tally.counts.items())}
    all_kinds = kinds + [traffic.SLOW_HEADERS, traffic.OVERSIZED_BODY]
    valid = {kind.name for kind in all_kinds if kind.valid}
    status_totals = collections.Counter()
    for c in tally.counts.values():
        status_totals.update(c)
    loads = [r["load1"] for r in sampler.rows]
    summary = {
        "command": " ".join(sys.argv), "server_command": " ".join(server.args),
        "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime(time.time() - elapsed)) + "–" +
                    time.strftime("%H:%M UTC", time.gmtime()),
        "machine": machine(), "minutes": round(elapsed / 60, 2), "rate_asked": args.rate,
        "rate_done": round(tally.total() / elapsed, 1), "requests": tally.total(),
        "windows_s": dict(zip(("warm_up_end", "baseline", "end"), windows(minutes))),
        "flatness": {c: flatness(sampler.rows, c, minutes)
                     for c in ("rss_mib", "fds", "threads", "heap_committed_mib", "rss_outside_jvm_mib")},
        "load_average_1min": {"min": min(loads), "median": statistics.median(loads), "max": max(loads)},
        "outcomes_by_kind": by_kind, "outcomes_total": dict(status_totals.most_common()),
        "valid_failures": sum(tally.unexpected_count[n] for n in valid),
        "hostile_unexpected": sum(n for k, n in tally.unexpected_count.items() if k not in valid),
        "unexpected_first": tally.unexpected,
        "latency": latency_summary(tally, minutes),
        "predictions_checked": answers.checked, "prediction_mismatches": answers.mismatches,
        "swaps": swapper.events,
        "server_exit_code": exit_code, "server_stop_seconds": stop_seconds,
        "server_stack_trace_lines": traces, "server_messages": messages,
    }
    summary["problems"] = verdict(summary)
    summary["passed"] = not summary["problems"]
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print_report(summary, args.out)
    return 0 if summary["passed"] else 1


def print_report(s, out):
    w = s["windows_s"]
    print(f"fmnist serve soak, {s['date_utc']}, {s['minutes']} min, {s['requests']} requests "
          f"({s['rate_done']}/s of {s['rate_asked']} asked), {len(s['swaps'])} swaps, "
          f"load average {s['load_average_1min']['min']}–{s['load_average_1min']['max']} "
          f"(median {s['load_average_1min']['median']})")
    print(f"flat: median of the end window ({w['end'][0]:.0f} s–end) vs the baseline window "
          f"({w['baseline'][0]:.0f}–{w['baseline'][1]:.0f} s), after {w['warm_up_end']:.0f} s of warm-up")
    for column, f in s["flatness"].items():
        if "error" in f:
            print(f"  {column:15} {f['error']}")
            continue
        print(f"  {column:15} first {f['first_window_median']}  baseline {f['baseline_median']}  end {f['end_median']}"
              f"  end vs baseline {f['end_vs_baseline_pct']:+.2f} %  max sample deviation "
              f"{f['max_sample_vs_baseline_pct']:.2f} %  range {f['min']}–{f['max']}")
    for kind, lat in s["latency"].items():
        print(f"  latency {kind}: baseline {lat['baseline']}  end {lat['end']}")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in s["outcomes_total"].items()))
    for kind, c in s["outcomes_by_kind"].items():
        print(f"  {kind:24} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    print(f"valid requests failed: {s['valid_failures']}; hostile with an unexpected answer: {s['hostile_unexpected']}; "
          f"predictions checked {s['predictions_checked']}, changed {len(s['prediction_mismatches'])}")
    for u in s["unexpected_first"][:10]:
        print(f"  unexpected: {u}")
    print(f"server: exit code {s['server_exit_code']} after SIGTERM ({s['server_stop_seconds']} s), "
          f"{s['server_stack_trace_lines']} stack-trace lines")
    print("PASSED" if s["passed"] else "FAILED: " + "; ".join(s["problems"]))
    print(f"results: {out}/summary.json, samples.csv, server.log.gz")


if __name__ == "__main__":
    sys.exit(main())
