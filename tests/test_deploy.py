"""The deployment recipe: `quizroom serve --workers 2` behind deploy/nginx.conf."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import requests

from tests.helpers import free_port, pack, single
from tests.live import ROOT, Client

pytestmark = pytest.mark.live
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _need_nginx():
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is required under CI: apt-get install nginx-light")
        pytest.skip("nginx not installed: apt-get install nginx-light")


def _wait(url, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never became healthy")


def _children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


@pytest.fixture
def cluster(tmp_path, redis_url, prefix):
    _need_nginx()
    base = free_port()
    while any(_port_busy(base + i) for i in range(2)):
        base = free_port()
    env = {**os.environ, "REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix,
           "QUIZROOM_SECRET_KEY": "deploy-test", "QUIZROOM_PROXIES": "1"}
    log = open(tmp_path / "workers.log", "ab")
    supervisor = subprocess.Popen([sys.executable, "-m", "server.entry", "serve", "--workers", "2",
                                   "--port", str(base)], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    front = free_port()
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("127.0.0.1:5000", f"127.0.0.1:{base}")
    site = site.replace("127.0.0.1:5001", f"127.0.0.1:{base + 1}")
    site = site.replace("listen 80 default_server;", f"listen 127.0.0.1:{front} default_server;")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{front};")
    site = site.replace("server_name quiz.example.org;", "server_name 127.0.0.1;")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        "worker_processes 1; error_log stderr; pid nginx.pid;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};\n"
        f"  include {tmp_path / 'site.conf'}; }}\n")
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                              "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for port in (base, base + 1):
            _wait(f"http://127.0.0.1:{port}")
        url = f"http://127.0.0.1:{front}"
        _wait(url)
        yield url, supervisor, base
    finally:
        nginx.terminate()
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(20)
        nginx.wait(10)


def _port_busy(port):
    import socket
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_a_game_through_nginx_on_both_transports_and_a_worker_restart(cluster):
    url, supervisor, base = cluster
    room = requests.post(url + "/api/rooms", json={"quiz": pack(single(answer=1)),
                                                   "settings": {"lead_in": 0}}).json()
    assert room["join_url"].startswith(url)  # links point at the proxy, not a worker
    host = Client(url)
    polling = Client(url, transports=("polling",))  # needs sticky sessions to work at all
    ws = Client(url)
    try:
        assert host.call("host:attach", {"pin": room["pin"], "host_token": room["host_token"]})["ok"]
        assert polling.call("player:join", {"pin": room["pin"], "nickname": "Poll"})["ok"]
        assert ws.call("player:join", {"pin": room["pin"], "nickname": "Sock"})["ok"]
        host.call("host:start", {"pin": room["pin"]})
        for client in (polling, ws):
            client.wait_for("question:start")
            assert client.call("player:answer", {"index": 0, "answer": 1})["ok"]
        for client in (polling, ws):
            assert client.wait_for("player:result")[0]["correct"] is True
    finally:
        for client in (host, polling, ws):
            client.close()

    # the supervisor starts a worker that died again
    children = _children(supervisor.pid)
    assert len(children) == 2
    os.kill(children[0], signal.SIGKILL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        now = _children(supervisor.pid)
        if len(now) == 2 and children[0] not in now:
            break
        time.sleep(0.2)
    for port in (base, base + 1):
        _wait(f"http://127.0.0.1:{port}")


def test_links_through_nginx_never_follow_a_forged_host(cluster):
    url = cluster[0]
    body = {"quiz": pack(single())}
    forged = requests.post(url + "/api/rooms", json=body,
                           headers={"X-Forwarded-Host": "evil.example"}, timeout=5)
    assert forged.status_code == 201 and forged.json()["join_url"].startswith(url + "/play/")
    # a name that is not the site's own gets no answer at all, let alone a link
    with pytest.raises(requests.ConnectionError):
        requests.post(url + "/api/rooms", json=body, headers={"Host": "evil.example"},
                      timeout=5)
    assert requests.get(url + "/healthz", timeout=5).ok
