"""A player's review of a finished game, the practice run and the flashcard downloads,
over HTTP against a real Redis: seat tokens only, every type in words, no key leaks."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
import zipfile

import pytest

from tests.helpers import info, multi, order, pack, poll, single, slider, text, truefalse, \
    wordcloud

QUESTIONS = [single(explanation="B is the one."), multi(partial=True), text(), truefalse(),
             slider(), order(), poll(), wordcloud(), info()]
# Bao: right, partly right, wrong, unanswered, near (partly), right, a poll, words, a slide
BAO = [1, [0], "Mako", None, 70, "right", 2, ["fun", "small"], None]


@pytest.fixture
def game(app, service, clock):
    """A finished game: Ada gets everything right, Bao answers as in BAO."""
    http = app.test_client()
    pin = http.post("/api/rooms", json={"quiz": pack(*QUESTIONS),
                                        "settings": {"lead_in": 0}}).json["pin"]
    ada = service.join(pin, "Ada", "sid-ada")
    bao = service.join(pin, "Bao", "sid-bao")
    service.start(pin)
    quiz = service.room(pin)[2]
    for index, question in enumerate(quiz.questions):
        right = question.correct_for_reveal()
        if question.type == "order":
            right = sorted(range(4), key=lambda shown: question.options["sent"][shown])
        mine = {"slider": 73.5, "text": "jinja2", "poll": 0, "wordcloud": ["micro"]}.get(
            question.type, right)
        theirs = BAO[index]
        if theirs == "right":
            theirs = right
        if question.type != "info":
            clock.advance(1500)
            service.answer(pin, ada["player_id"], index, mine)
            if theirs is not None:
                service.answer(pin, bao["player_id"], index, theirs)
        clock.advance(question.time_limit_ms + 1)
        service.tick()
        service.next(pin)
    assert service.room(pin)[0].phase == "finished"
    return pin, ada, bao


def seated(app, pin, seat):
    client = app.test_client()
    assert client.post(f"/api/rooms/{pin}/seat",
                       json={"player_token": seat["player_token"]}).status_code == 200
    return client


def test_review_needs_a_seat_token(app, game):
    pin, _ada, _bao = game
    anonymous = app.test_client()
    for path in (f"/api/rooms/{pin}/review", f"/api/rooms/{pin}/practice",
                 f"/play/{pin}/review/cards.csv", f"/play/{pin}/review/deck.apkg"):
        reply = anonymous.get(path)
        assert reply.status_code == 403, path
    assert anonymous.get(f"/play/{pin}/review").status_code == 403
    wrong = anonymous.get(f"/api/rooms/{pin}/review",
                          headers={"Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 403 and wrong.json["error"]["code"] == "forbidden"
    # an unknown PIN answers exactly like a wrong token
    other = anonymous.get("/api/rooms/000000/review",
                          headers={"Authorization": "Bearer not-a-token"})
    assert other.status_code == 403 and other.json == wrong.json


def test_each_token_reads_only_its_own_answers(app, game):
    pin, ada, bao = game
    mine = seated(app, pin, bao).get(f"/api/rooms/{pin}/review").json
    theirs = app.test_client().get(f"/api/rooms/{pin}/review", headers={
        "Authorization": f"Bearer {ada['player_token']}"}).json
    assert mine["nickname"] == "Bao" and theirs["nickname"] == "Ada"
    assert [q["answer"] for q in mine["questions"]][:3] == ["b", "a", "Mako"]
    assert [q["answer"] for q in theirs["questions"]][:3] == ["b", "a | c", "jinja2"]
    assert theirs["missed"] == [] and mine["missed"] == [1, 2, 3, 4]


def test_every_type_in_words(app, game, service):
    pin, _ada, bao = game
    review = seated(app, pin, bao).get(f"/api/rooms/{pin}/review").json
    by_type = {q["type"]: q for q in review["questions"]}
    quiz = service.room(pin)[2]
    shown_items = [quiz.questions[5].choices[i] for i in quiz.questions[5].options["sent"]]
    expected = {  # type: (outcome, their answer, the right answer)
        "single": ("right", "b", "b"),
        "multi": ("partly", "a", "a | c"),
        "text": ("wrong", "Mako", "Jinja2 or Jinja"),
        "truefalse": ("unanswered", "", "True"),
        "slider": ("partly", "70 km", "73.5 km (± 1)"),
        "order": ("right", " > ".join(["first", "second", "third", "fourth"]),
                  "first > second > third > fourth"),
        "poll": ("unscored", "z", ""),
        "wordcloud": ("unscored", "fun | small", ""),
        "info": ("unscored", "", ""),
    }
    for kind, (outcome, answer, right) in expected.items():
        q = by_type[kind]
        assert (q["outcome"], q["answer"], q["right"]) == (outcome, answer, right), kind
    assert shown_items != ["first", "second", "third", "fourth"]  # sent shuffled, told in order
    first = by_type["single"]
    assert first["explanation"] == "B is the one." and first["points"] > 0
    assert first["response_ms"] == 1500 and by_type["truefalse"]["response_ms"] is None


def test_the_page_says_when_the_link_stops_working(app, game, rdb, prefix, clock):
    pin, _ada, bao = game
    rdb.expire(f"{prefix}room:{pin}", 3600)
    client = seated(app, pin, bao)
    review = client.get(f"/api/rooms/{pin}/review").json
    assert abs(review["expires_ms"] - (clock() + 3600_000)) < 5000
    assert rdb.ttl(f"{prefix}room:{pin}") <= 3600  # reading the review keeps no room alive
    page = client.get(f"/play/{pin}/review")
    assert page.status_code == 200 and b'id="expires"' in page.data


def test_practice_never_sends_the_key_before_the_answer(app, game, service):
    pin, _ada, bao = game
    client = seated(app, pin, bao)
    practice = client.get(f"/api/rooms/{pin}/practice").json
    assert [q["index"] for q in practice["questions"]] == [1, 2, 3, 4]
    body = json.dumps(practice)
    for leak in ("answer", "correct", "explanation", "Jinja", "tolerance", "sent", "margin"):
        assert f'"{leak}' not in body and leak not in body, leak
    everything = client.get(f"/api/rooms/{pin}/practice?which=all").json
    assert [q["index"] for q in everything["questions"]] == [0, 1, 2, 3, 4, 5]

    wrong = client.post(f"/api/rooms/{pin}/practice", json={"index": 2, "answer": "Mako"}).json
    assert wrong["correct"] is False and wrong["right"] == "Jinja2 or Jinja"
    fuzzy = client.post(f"/api/rooms/{pin}/practice", json={"index": 2, "answer": " jinja 2"})
    assert fuzzy.json["correct"] is True and fuzzy.json["fraction"] == 1.0
    partly = client.post(f"/api/rooms/{pin}/practice", json={"index": 1, "answer": [0]}).json
    assert partly["correct"] is False and 0 < partly["fraction"] < 1
    assert partly["explanation"] == "" and partly["reveal"] == [0, 2]
    timed_out = client.post(f"/api/rooms/{pin}/practice", json={"index": 3, "answer": None})
    assert timed_out.json["correct"] is False and timed_out.json["right"] == "True"
    # nothing a practice run sends changes the game
    assert seated(app, pin, bao).get(f"/api/rooms/{pin}/review").json["missed"] == [1, 2, 3, 4]


@pytest.mark.parametrize("body, field", [
    ({"index": 6, "answer": 0}, "index"),        # a poll: nothing to practise
    ({"index": 99, "answer": 0}, "index"),
    ({"index": 0, "answer": 9}, None),           # bad_answer from the type module
    ({"index": "0", "answer": 0}, "index"),
    ({"answer": 0}, "index"),
])
def test_practice_refuses_bad_answers_clearly(app, game, body, field):
    pin, _ada, bao = game
    reply = seated(app, pin, bao).post(f"/api/rooms/{pin}/practice", json=body)
    assert reply.status_code == 400
    error = reply.json["error"]
    assert error["message"] and (field is None or error["field"] == field)


def anki_notes(data: bytes) -> list[list[str]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert "collection.anki2" in archive.namelist()
    with open_db(archive.read("collection.anki2")) as db:
        return [(guid, flds.split("\x1f")) for guid, flds in
                db.execute("SELECT guid, flds FROM notes ORDER BY id")]


class open_db:
    def __init__(self, data: bytes):
        import tempfile
        self.file = tempfile.NamedTemporaryFile(suffix=".anki2")
        self.file.write(data)
        self.file.flush()

    def __enter__(self):
        self.db = sqlite3.connect(self.file.name)
        return self.db

    def __exit__(self, *exc):
        self.db.close()
        self.file.close()


def test_anki_deck_holds_the_missed_questions(app, game):
    pin, _ada, bao = game
    client = seated(app, pin, bao)
    reply = client.get(f"/play/{pin}/review/deck.apkg")
    assert reply.status_code == 200 and "attachment" in reply.headers["Content-Disposition"]
    notes = anki_notes(reply.data)
    fields = [f for _guid, f in notes]
    assert len(fields) == 4
    assert fields[0][0] == "Which ones?<br>A. a<br>B. b<br>C. c<br>D. d"
    assert fields[0][1] == "a | c"
    assert fields[1][:2] == ["Template engine?", "Jinja2 or Jinja"]
    assert fields[3][1] == "73.5 km (± 1)"
    everything = anki_notes(client.get(f"/play/{pin}/review/deck.apkg?which=all").data)
    assert len(everything) == 6 and everything[0][1][2] == "B is the one."
    # the same question is the same note in both decks: re-importing updates it
    assert {g for g, _f in notes} <= {g for g, _f in everything}
    # the same game gives the same file, however much later it is downloaded (a zip
    # stamps each member with a time to 2 s)
    time.sleep(2.1)
    assert client.get(f"/play/{pin}/review/deck.apkg").data == reply.data


def test_csv_cards(app, game):
    pin, _ada, bao = game
    reply = seated(app, pin, bao).get(f"/play/{pin}/review/cards.csv?which=all")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(reply.data.decode())))
    assert rows[0] == ["front", "back"] and len(rows) == 7
    assert rows[1] == ["Which one?\nA. a\nB. b\nC. c\nD. d", "b\nB is the one."]
    assert rows[3] == ["Template engine?", "Jinja2 or Jinja"]
    bad = seated(app, pin, bao).get(f"/play/{pin}/review/cards.csv?which=some")
    assert bad.status_code == 400


# -- pictures in the deck ------------------------------------------------------------
def picture(colour) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def pictured(app, service, clock):
    """A finished game of one pictured question (a picture as a choice too) that Bao
    misses, and a slide: (pin, Bao's seat, the question's hash, the choice's hash)."""
    http = app.test_client()
    upload = [http.post("/api/media", data={"file": (io.BytesIO(picture(c)), "p.png")},
                        content_type="multipart/form-data").json["hash"]
              for c in ((200, 0, 0), (0, 0, 200))]
    question = single(image=upload[0], image_alt="a red flag",
                      choices=["a", {"image": upload[1], "alt": "a blue square"}, "c"])
    pin = http.post("/api/rooms", json={"quiz": pack(question, info()),
                                        "settings": {"lead_in": 0}}).json["pin"]
    bao = service.join(pin, "Bao", "sid-bao")
    service.start(pin)
    clock.advance(1500)
    service.answer(pin, bao["player_id"], 0, 0)
    for limit in (20_000, 10_000):
        clock.advance(limit + 1)
        service.tick()
        service.next(pin)
    assert service.room(pin)[0].phase == "finished"
    return pin, bao, upload[0], upload[1]


def test_anki_deck_carries_the_questions_pictures(app, pictured):
    pin, bao, flag, square = pictured
    client = seated(app, pin, bao)
    reply = client.get(f"/play/{pin}/review/deck.apkg")
    assert reply.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(reply.data))
    media = json.loads(archive.read("media"))
    assert sorted(media.values()) == sorted([f"{flag}.webp", f"{square}.webp"])
    for member, name in media.items():  # each file is the picture the server shows
        assert archive.read(member) == app.test_client().get(f"/media/{name[:-5]}").data
    [(_guid, fields)] = anki_notes(reply.data)
    front = fields[0]
    assert front.startswith(f'Which one?<br><img src="{flag}.webp" alt="a red flag">')
    assert f'B. a blue square<br><img src="{square}.webp" alt="a blue square">' in front
    # the same game gives the same file, its pictures too
    time.sleep(2.1)
    assert client.get(f"/play/{pin}/review/deck.apkg").data == reply.data


def test_a_deck_whose_picture_is_gone_still_downloads(app, pictured, rdb, prefix):
    pin, bao, flag, square = pictured
    rdb.delete(f"{prefix}media:{flag}")
    reply = seated(app, pin, bao).get(f"/play/{pin}/review/deck.apkg")
    assert reply.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(reply.data))
    assert list(json.loads(archive.read("media")).values()) == [f"{square}.webp"]
    [(_guid, fields)] = anki_notes(reply.data)
    assert fields[0].startswith("Which one?<br>A. a<br>") and flag not in fields[0]


def test_downloading_a_deck_leaves_no_file_behind(app, pictured, monkeypatch, tmp_path):
    import tempfile
    pin, bao, _flag, _square = pictured
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    client = seated(app, pin, bao)
    for _ in range(3):
        assert client.get(f"/play/{pin}/review/deck.apkg").status_code == 200
    assert list(folder.iterdir()) == []
