"""The real quizroom command: host accounts, library backups, start-up warnings."""
import hashlib
import io
import json
import os
import time

import pytest
import requests
from PIL import Image

from tests.live import LiveServer
from tests.test_cli import run

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


def picture(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


def test_a_backup_carries_the_images_so_a_fresh_redis_can_play_the_quiz(env, app, tmp_path,
                                                                       redis_url, fresh_prefix):
    client = app.test_client()
    digests = [client.post("/api/media", data={"file": (io.BytesIO(picture(c)), "p.png")},
                           content_type="multipart/form-data").json["hash"]
               for c in ("navy", "orange")]
    question = {**Q, "image": digests[0], "image_alt": "a navy square",
                "choices": [{"image": digests[1], "alt": "an orange square"}, "4"]}
    quiz = client.post("/api/library", json={"title": "Pictures", "questions": [question]}).json
    backup = tmp_path / "backup"
    out = run("quizroom", "library", "export", str(backup), env=env)
    assert out.returncode == 0, out.stderr
    assert "exported 1 quiz(zes) and 2 image(s)" in out.stdout
    assert sorted(p.name for p in (backup / "media").iterdir()) == sorted(
        f"{d}.webp" for d in digests)
    # a file that is not what its name says, or not an image this server would have
    # stored (a PNG it never cleaned), is refused and named
    (backup / "media" / f"{'0' * 64}.webp").write_bytes((backup / "media" /
                                                         f"{digests[0]}.webp").read_bytes())
    raw = picture("red")
    raw_name = f"{hashlib.sha256(raw).hexdigest()}.webp"
    (backup / "media" / raw_name).write_bytes(raw)

    out = run("quizroom", "library", "import", str(backup),
              env={**env, "QUIZROOM_KEY_PREFIX": fresh_prefix})
    assert f"media/{'0' * 64}.webp: not imported: its bytes do not match" in out.stdout
    assert f"media/{raw_name}: not imported: not a WebP image as this server stores them" \
        in out.stdout
    assert "2 image(s) restored" in out.stdout
    assert out.returncode == 1  # the bad file is reported as a failure

    from server import create_app
    restored = create_app({"TESTING": True, "REDIS_URL": redis_url,
                           "QUIZROOM_KEY_PREFIX": fresh_prefix, "SECRET_KEY": "test",
                           "QUIZROOM_ASYNC_MODE": "threading", "QUIZROOM_TICK_SECONDS": 0})
    there = restored.test_client()
    for digest in digests:
        served = there.get(f"/media/{digest}")
        assert served.status_code == 200
        assert served.data == client.get(f"/media/{digest}").data
    play = there.post(f"/api/library/{quiz['id']}/play", json={})
    assert play.status_code == 201, play.json


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_warns_once_about_a_redis_without_persistence_and_an_open_network_listener(
        bare_redis, prefix, tmp_path, workers):
    server = LiveServer(bare_redis, prefix, log_dir=tmp_path,
                        args=["--host", "0.0.0.0", "--workers", str(workers)])
    server.start()
    try:
        # every worker has passed its start-up (the checks come before it listens)
        for port in range(server.port, server.port + workers):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.1)
    finally:
        server.stop()
    said = server.log_path.read_text(errors="replace")
    assert said.count("WARNING: listening on 0.0.0.0 with no host account") == 1, said
    assert said.count("Redis does not save to disk") == 1, said
