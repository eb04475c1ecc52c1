"""`botcopier serve` tested for real on loopback: every route, malformed and
oversized requests, concurrent clients, restarts, and kill -9 while rewards
are being written (an acknowledged reward is never lost)."""
import concurrent.futures
import json
import os
import pathlib
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

import botcopier


def cli_path():
    if os.environ.get("BC_CLI"):
        return pathlib.Path(os.environ["BC_CLI"])
    return pathlib.Path(botcopier.library_path()).resolve().parent / "botcopier"


class Service:
    def __init__(self, state, models=3, *extra):
        cli = cli_path()
        self.state = pathlib.Path(state)
        if not cli.exists():
            pytest.skip("no botcopier CLI next to %s (set BC_CLI)" % botcopier.library_path())
        self.proc = subprocess.Popen([str(cli), "serve", "--models", str(models), "--state",
                                      str(state), "--port", "0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not m:
            self.proc.kill()
            raise AssertionError("serve did not start: %r %r" % (line, self.proc.stderr.read()))
        self.url = "http://127.0.0.1:%s" % m.group(1)

    def request(self, path, body=None, method=None, timeout=5):
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            self.proc.wait(10)
        finally:
            self.proc.stdout.close()
            self.proc.stderr.close()


@pytest.fixture
def service(tmp_path):
    s = Service(tmp_path / "state.json")
    yield s
    if s.proc.poll() is None:
        s.stop()


def test_routes_answer_json_and_prometheus_text(service):
    status, body = service.request("/choose")
    assert status == 200 and json.loads(body)["model"] in (0, 1, 2)
    status, body = service.request("/reward", {"model": 2, "reward": 0.75})
    assert status == 200 and json.loads(body) == {"model": 2, "reward": 0.75, "recorded": True}
    status, body = service.request("/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    status, body = service.request("/metrics")
    assert status == 200
    assert 'botcopier_router_rewards_total{model="2"} 1' in body
    assert 'botcopier_router_reward_sum{model="2"} 0.75' in body
    assert "# TYPE botcopier_router_choices_total counter" in body


@pytest.mark.parametrize("body,needle", [
    (b"{not json", "not JSON"),
    (b"[1, 2]", "JSON object"),
    (b'{"model": "1", "reward": 1}', "\\\"model\\\" must be an integer"),
    (b'{"model": 3, "reward": 1}', "\\\"model\\\" is 3, expected 0..2"),
    (b'{"model": 0, "reward": 1.5}', "\\\"reward\\\" is 1.5"),
    (b'{"model": 0}', "\\\"reward\\\" must be a number"),
    (b'{"model": 0, "model": 1, "reward": 1}', "duplicate"),
])
def test_malformed_rewards_are_400_and_change_nothing(service, body, needle):
    status, text = service.request("/reward", body)
    assert status == 400, text
    assert needle in text
    assert json.loads(text)["status"] == 400
    assert 'botcopier_router_rewards_total{model="0"} 0' in service.request("/metrics")[1]


def test_unknown_route_wrong_method_and_oversized_body(service):
    assert service.request("/nope")[0] == 404
    assert service.request("/choose", b"{}", method="POST")[0] == 405
    assert service.request("/reward")[0] == 405
    status, text = service.request("/reward", b"x" * 10000)
    assert status == 413 and "larger than 4096 bytes" in text


def test_concurrent_clients_lose_nothing(service):
    def client(i):
        out = []
        for k in range(25):
            out.append(service.request("/choose")[0])
            out.append(service.request("/reward", {"model": (i + k) % 3, "reward": 1})[0])
        return out
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = [c for r in pool.map(client, range(8)) for c in r]
    assert codes == [200] * 400
    metrics = service.request("/metrics")[1]
    total = sum(int(v) for v in re.findall(r'botcopier_router_rewards_total\{model="\d"\} (\d+)',
                                           metrics))
    assert total == 200
    state = json.loads(service.state.read_text())
    assert sum(a["pulls"] for a in state["arms"]) == 200


def test_restart_keeps_state_and_refuses_another_model_count(tmp_path):
    state = tmp_path / "state.json"
    s = Service(state, 2, "--policy", "ucb1")
    for arm, r in ((0, 1), (1, 0), (1, 1)):
        assert s.request("/reward", {"model": arm, "reward": r})[0] == 200
    s.stop()
    s = Service(state, 2)
    health = json.loads(s.request("/healthz")[1])
    assert health["policy"] == "ucb1"  # the state keeps its own policy
    saved = json.loads(state.read_text())
    assert [a["pulls"] for a in saved["arms"]] == [1, 2]
    s.stop()
    proc = subprocess.run([str(cli_path()), "serve", "--models", "3", "--state", str(state),
                           "--port", "0"], capture_output=True, text=True, timeout=10)
    assert proc.returncode == 2 and "holds 2 models" in proc.stderr


def test_kill_9_never_loses_an_acknowledged_reward(tmp_path):
    """50 trials: a client posts rewards as fast as it can, the service is
    killed with SIGKILL at a random moment, restarted on the same state, and
    every reward that was answered 200 must be in the restored counts."""
    import random
    rng = random.Random(5)
    state = tmp_path / "state.json"
    acknowledged = 0
    deadline = time.monotonic() + 60
    for trial in range(50):
        s = Service(state, 2)
        saved = json.loads(state.read_text())
        assert sum(a["pulls"] for a in saved["arms"]) >= acknowledged
        kill_at = time.monotonic() + rng.uniform(0.005, 0.05)
        while True:
            if time.monotonic() >= kill_at:
                s.proc.kill()
                break
            try:
                status, _ = s.request("/reward", {"model": trial % 2, "reward": 1}, timeout=2)
            except (urllib.error.URLError, ConnectionError, OSError):
                break
            if status == 200:
                acknowledged += 1
        s.proc.wait(10)
        s.proc.stdout.close()
        s.proc.stderr.close()
        assert time.monotonic() < deadline, "kill -9 trials took over a minute"
    final = json.loads(state.read_text())
    assert sum(a["pulls"] for a in final["arms"]) >= acknowledged
    assert acknowledged > 50


def test_the_python_bandit_is_the_services_router(tmp_path):
    b = botcopier.Bandit(3, "ucb1")
    assert [b.choose() for _ in range(3)] == [0, 1, 2]
    b.reward(1, 1.0)
    b.set_stats(0, 4, 1.0)
    assert b.stats(0) == (4, 1.0) and b.stats(1) == (1, 1.0)
    b.save(tmp_path / "s.json")
    c = botcopier.Bandit.load(tmp_path / "s.json")
    assert (len(c), c.policy, c.choices) == (3, "ucb1", 3)
    assert [c.choose() for _ in range(5)] == [b.choose() for _ in range(5)]
    with pytest.raises(botcopier.InvalidArgumentError, match="reward is 2"):
        b.reward(0, 2)
    b.close()
    with pytest.raises(ValueError, match="closed"):
        b.choose()


def test_logs_go_to_json_lines_when_there_is_no_journal(tmp_path):
    if os.path.exists("/run/systemd/journal/socket"):
        pytest.skip("a journal runs here: auto logs there")
    s = Service(tmp_path / "state.json")
    assert s.request("/reward", b"{oops")[0] == 400
    s.stop()
    lines = [json.loads(l) for l in (tmp_path / "state.json.log.jsonl").read_text().splitlines()]
    assert {tuple(sorted(l)) for l in lines} == {("command", "level", "message", "time")}
    assert all(l["command"] == "serve" and l["time"].endswith("Z") for l in lines)
    messages = [l["message"] for l in lines]
    assert any(m.startswith("serving 3 models (thompson)") for m in messages)
    assert any(m.startswith("stopped by signal 15") for m in messages)
    assert not any("refused" in m for m in messages)  # debug lines stay out at info


def test_journal_gets_structured_fields(tmp_path):
    """Catches what sd_journal_send sends on a stand-in journal socket."""
    import socket as so
    path = "/run/systemd/journal/socket"
    if os.path.exists(path):
        pytest.skip("a real journal owns the socket")
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        sock = so.socket(so.AF_UNIX, so.SOCK_DGRAM)
        sock.bind(path)
    except OSError as e:
        pytest.skip("cannot stand in for the journal socket: %s" % e)
    try:
        sock.settimeout(5)
        s = Service(tmp_path / "state.json", 2, "--log", "journal")
        datagram = sock.recv(65536).decode()
        s.stop()
        fields = dict(line.split("=", 1) for line in datagram.splitlines() if "=" in line)
        assert fields["SYSLOG_IDENTIFIER"] == "botcopier"
        assert fields["BOTCOPIER_COMMAND"] == "serve"
        assert fields["BOTCOPIER_LEVEL"] == "info"
        assert fields["PRIORITY"] == "6"
        assert fields["MESSAGE"].startswith("serving 2 models")
    finally:
        sock.close()
        os.unlink(path)
        try:
            os.rmdir(os.path.dirname(path))
        except OSError:
            pass


def test_bad_log_destination_is_a_usage_error(tmp_path):
    proc = subprocess.run([str(cli_path()), "serve", "--models", "2", "--state",
                           str(tmp_path / "s.json"), "--log", "syslog"],
                          capture_output=True, text=True, timeout=10)
    assert proc.returncode == 2 and "log destination 'syslog'" in proc.stderr


def dashboard_metrics():
    root = pathlib.Path(__file__).resolve().parents[2]
    doc = json.loads((root / "packaging" / "grafana" / "botcopier-dashboard.json").read_text())
    names = set()
    for panel in doc["panels"]:
        for target in panel.get("targets", []):
            names.update(re.findall(r"\b(botcopier_[a-z_]+)", target["expr"]))
    return names


def test_every_router_metric_the_dashboard_queries_is_exported(service):
    exported = set(re.findall(r"^(botcopier_[a-z_]+)", service.request("/metrics")[1], re.M))
    wanted = {n for n in dashboard_metrics() if n.startswith("botcopier_router_")}
    assert wanted and wanted <= exported, wanted - exported


def test_clone_serves_job_metrics_on_prom_port(tmp_path):
    root = pathlib.Path(__file__).resolve().parents[1] / "data"
    proc = subprocess.Popen([str(cli_path()), "clone", "--trades",
                             str(root / "sample_bot_aapl_trades_raw.csv"), "--bars",
                             str(root / "aapl_daily.csv"), "--out", str(tmp_path / "c"),
                             "--prom-port", "0", "--prom-linger", "20"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in proc.stderr:
            m = re.search(r"metrics on http://127\.0\.0\.1:(\d+)/metrics", line)
            if m:
                port = int(m.group(1))
                break
        assert port, "no metrics line"
        deadline = time.monotonic() + 60
        text = ""
        while time.monotonic() < deadline:
            with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5) as r:
                text = r.read().decode()
            if re.search(r"^botcopier_job_done 1$", text, re.M):
                break
            time.sleep(0.2)
        assert re.search(r"^botcopier_job_done 1$", text, re.M), text
        assert 'botcopier_job_info{command="clone"} 1' in text
        f1 = float(re.search(r"^botcopier_clone_fidelity_f1 (\S+)$", text, re.M).group(1))
        report = json.loads((tmp_path / "c" / "report.json").read_text())
        assert f1 == pytest.approx(report["fidelity"]["f1"], rel=1e-9)
        info = int(re.search(r'botcopier_job_log_messages_total\{level="info"\} (\d+)', text)
                   .group(1))
        assert info > 0  # the library's progress lines were counted
        exported = set(re.findall(r"^(botcopier_[a-z_]+)", text, re.M))
        wanted = {n for n in dashboard_metrics() if n.startswith("botcopier_job_")}
        assert wanted and wanted <= exported, wanted - exported
    finally:
        proc.kill()
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
