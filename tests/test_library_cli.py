"""The real quizroom command: host accounts, library backups, start-up warnings."""
import json
import os
import subprocess
import time

import pytest

from tests.live import ROOT
from tests.test_cli import BIN, run

Q = {"type": "single", "text": "2 + 2?", "choices": ["3", "4"], "answer": 1}


@pytest.fixture
def env(redis_url, prefix):
    return {**os.environ, "REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix}


def test_host_add_reads_the_password_from_stdin_and_the_account_signs_in(env, app):
    out = run("quizroom", "host", "add", "alice", "--password-stdin", input="correct horse\n",
              env=env)
    assert out.returncode == 0, out.stderr
    assert "host alice added" in out.stdout and "sign-in is now required" in out.stdout
    client = app.test_client()  # the same prefix: the server sees the new account
    assert client.get("/api/library").status_code == 401
    assert client.post("/login", json={"name": "alice", "password": "correct horse"}
                       ).status_code == 200
    again = run("quizroom", "host", "add", "alice", "--password-stdin", input="other pass\n",
                env=env)
    assert again.returncode == 1 and "exists already" in again.stderr
    short = run("quizroom", "host", "add", "bob", "--password-stdin", input="short\n", env=env)
    assert short.returncode == 1 and "password: 8 to" in short.stderr
    listed = run("quizroom", "host", "list", env=env)
    assert listed.stdout.startswith("alice  (created ")
    assert run("quizroom", "host", "remove", "alice", env=env).returncode == 0
    assert client.get("/api/library").status_code == 200  # no account left: open again


def test_the_first_account_takes_the_quizzes_made_before_accounts(env, app):
    client = app.test_client()
    quiz = client.post("/api/library", json={"title": "Made while open"}).json
    out = run("quizroom", "host", "add", "alice", "--password-stdin", input="correct horse\n",
              env=env)
    assert "1 quiz(zes) made before accounts existed now belong to alice" in out.stdout
    client.post("/login", json={"name": "alice", "password": "correct horse"})
    assert client.get(f"/api/library/{quiz['id']}").json["owner"] == "alice"


def test_export_then_import_restores_the_library_and_never_overwrites(env, app, tmp_path,
                                                                       rdb, prefix):
    client = app.test_client()
    one = client.post("/api/library", json={"title": "One", "tags": ["a"],
                                            "questions": [Q]}).json
    two = client.post("/api/library", json={"title": "Two"}).json
    client.put(f"/api/library/{two['id']}", json={"title": "Two, edited", "version": 1})
    out = run("quizroom", "library", "export", str(tmp_path / "backup"), env=env)
    assert out.returncode == 0 and "exported 2 quiz(zes)" in out.stdout
    files = sorted(p.name for p in (tmp_path / "backup").iterdir())
    assert files == sorted([f"{one['id']}.json", f"{two['id']}.json"])
    saved = json.loads((tmp_path / "backup" / f"{two['id']}.json").read_text())
    assert saved["version"] == 2 and saved["title"] == "Two, edited"

    # the library is lost; the backup brings every field back
    for key in rdb.scan_iter(match=f"{prefix}lib:*"):
        rdb.delete(key)
    out = run("quizroom", "library", "import", str(tmp_path / "backup"), env=env)
    assert out.returncode == 0, out.stdout
    got = client.get(f"/api/library/{two['id']}").json
    assert {k: got[k] for k in saved} == saved
    assert client.get(f"/api/library/{one['id']}").json["questions"] == [Q]

    # the same files again change nothing; an edited copy comes in beside the original
    again = run("quizroom", "library", "import", str(tmp_path / "backup"), env=env)
    assert again.stdout.count("unchanged") == 2
    client.put(f"/api/library/{one['id']}", json={"title": "One, edited here", "version": 1})
    out = run("quizroom", "library", "import", str(tmp_path / "backup"), env=env)
    assert f"{one['id']} exists already with other content (version 2)" in out.stdout
    titles = sorted(q["title"] for q in client.get("/api/library").json["quizzes"]
                    if not q["builtin"])
    assert titles == ["One", "One, edited here", "Two, edited"]

    (tmp_path / "backup" / "broken.json").write_text("{ nope")
    out = run("quizroom", "library", "import", str(tmp_path / "backup"), env=env)
    assert out.returncode == 1 and "broken.json: not imported" in out.stdout


def test_serve_warns_about_a_redis_without_persistence_and_an_open_network_listener(env, rdb):
    persists = rdb.config_get("appendonly")["appendonly"] == "yes" or rdb.config_get(
        "save")["save"].strip()
    from tests.helpers import free_port
    port = free_port()
    proc = subprocess.Popen([str(BIN / "quizroom"), "serve", "--host", "0.0.0.0", "--port",
                             str(port)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline, err = time.monotonic() + 30, ""
        while time.monotonic() < deadline and "with no host account" not in err:
            line = proc.stderr.readline()
            if not line:
                break
            err += line
    finally:
        proc.terminate()
        proc.wait(20)
    assert "WARNING: listening on 0.0.0.0 with no host account" in err
    assert ("Redis does not save to disk" in err) == (not persists)
