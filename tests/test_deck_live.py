"""The Anki deck of a self-paced challenge from the real server (`quizroom serve` on
gevent and on eventlet, real Redis): its pictures travel in the deck, and the deck is
built off the event loop, in a native thread, on either."""
from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
import requests

from tests.helpers import pack, single
from tests.test_challenge_hostile_live import Api, play_all
from tests.test_review import anki_notes, picture

pytestmark = pytest.mark.live


def test_a_challenge_deck_carries_its_pictures(live_server):
    digests = [requests.post(f"{live_server.url}/api/media",
                             files={"file": ("p.png", picture(colour))}, timeout=10).json()["hash"]
               for colour in ((0, 160, 0), (160, 0, 160))]
    quiz = pack(single(image=digests[0], image_alt="green",
                       choices=["a", {"image": digests[1], "alt": "purple"}]))
    made = Api(live_server, "10.0.0.1").post("/api/challenges", {"quiz": quiz})
    assert made.status_code == 201, made.text
    code, player = made.json()["code"], Api(live_server, "10.0.0.2")
    token = player.post(f"/api/challenges/{code}/join", {"nickname": "Ada"}).json()[
        "player_token"]
    play_all(player, code, token, [0])
    deck = player.get(f"/c/{code}/review/deck.apkg?which=all", token=token)
    assert deck.status_code == 200, deck.text
    archive = zipfile.ZipFile(io.BytesIO(deck.content))
    media = json.loads(archive.read("media"))
    assert list(media.values()) == [f"{d}.webp" for d in digests]
    assert archive.read("0") == requests.get(f"{live_server.url}/media/{digests[0]}",
                                             timeout=10).content
    [(_guid, fields)] = anki_notes(deck.content)
    assert f'<img src="{digests[0]}.webp" alt="green">' in fields[0]
    assert f'B. purple<br><img src="{digests[1]}.webp" alt="purple">' in fields[0]
    # a finished run gives the same file again (a zip dates its members to 2 s)
    time.sleep(2.1)
    again = player.get(f"/c/{code}/review/deck.apkg?which=all", token=token)
    assert again.content == deck.content
