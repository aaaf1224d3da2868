"""Links to a room never come from an attacker's Host or X-Forwarded-Host, against the
real server: with no configuration (a laptop reached by its LAN address), with
QUIZROOM_TRUSTED_HOSTS, and with QUIZROOM_PUBLIC_URL."""
from __future__ import annotations

import pytest
import requests

from tests.helpers import pack, single
from tests.live import LiveServer

pytestmark = pytest.mark.live


@pytest.fixture
def start(redis_url, prefix, tmp_path):
    servers = []

    def run(**env):
        server = LiveServer(redis_url, prefix, log_dir=tmp_path,
                            env={"QUIZROOM_PROXIES": "1", **env}).start()
        servers.append(server)
        return server
    yield run
    for server in servers:
        server.stop()


def create(server, **headers):
    return requests.post(server.url + "/api/rooms", json={"quiz": pack(single())},
                         headers=headers, timeout=5)


def test_no_configuration_links_follow_the_host_but_are_never_shared(start):
    server = start()
    forged = create(server, **{"X-Forwarded-Host": "evil.example"})
    assert forged.status_code == 201
    assert forged.json()["join_url"].startswith(server.url + "/play/")

    # a player's phone reaches the laptop by its LAN address: links must use it
    lan = f"192.168.1.20:{server.port}"
    room = create(server, Host=lan)
    pin = room.json()["pin"]
    assert room.json()["join_url"] == f"http://{lan}/play/{pin}"
    for path in (f"/qr/{pin}.svg", f"/screen/{pin}", f"/host/{pin}"):
        reply = requests.get(server.url + path, headers={"Host": lan}, timeout=5)
        assert reply.status_code == 200
        assert "Host" in reply.headers.get("Vary", ""), path
        assert "private" in reply.headers.get("Cache-Control", ""), path
    assert "Host" in room.headers.get("Vary", "")


def test_trusted_hosts_refuse_any_other_host(start):
    server = start(QUIZROOM_TRUSTED_HOSTS="quiz.example.org, 127.0.0.1")
    evil = create(server, Host="evil.example")
    assert evil.status_code == 400
    assert evil.json()["error"]["code"] == "bad_request"
    assert "evil.example" in evil.json()["error"]["message"]
    pin = create(server).json()["pin"]
    assert requests.get(f"{server.url}/qr/{pin}.svg", headers={"Host": "evil.example"},
                        timeout=5).status_code == 400
    assert requests.get(f"{server.url}/screen/{pin}", headers={"Host": "evil.example"},
                        timeout=5).status_code == 400
    good = create(server, Host="quiz.example.org")
    assert good.json()["join_url"] == f"http://quiz.example.org/play/{good.json()['pin']}"
    forged = create(server, **{"X-Forwarded-Host": "evil.example"})
    assert forged.json()["join_url"].startswith(server.url + "/play/")
