"""Reference server for bench/run: a minimal hand-written Flask-SocketIO game server.

It speaks the subset of docs/protocol.md a benchmark game uses, with all state in
this process's memory: the yardstick for "what Flask-SocketIO itself costs", so
QuizRoom's figures can be read as ratios to it.

    python bench/reference/flask_server.py --port 5002 --async-mode gevent|eventlet
"""
import sys

MODE = sys.argv[sys.argv.index("--async-mode") + 1] if "--async-mode" in sys.argv else "gevent"
# patch before anything else imports socket or threading
if MODE == "gevent":
    from gevent import monkey
    monkey.patch_all()
elif MODE == "eventlet":
    import eventlet
    eventlet.monkey_patch()

import secrets  # noqa: E402
import time  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=MODE)
rooms = {}
connections = {}  # sid -> (room, role, player)


def now_ms():
    return int(time.time() * 1000)


def err(code):
    return {"ok": False, "error": {"code": code, "message": code}}


@app.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@app.post("/api/rooms")
def create_room():
    body = request.get_json(silent=True) or {}
    quiz = body.get("quiz")
    if not isinstance(quiz, dict) or not isinstance(quiz.get("questions"), list):
        return jsonify({"error": {"code": "bad_request"}}), 400
    pin = str(100000 + secrets.randbelow(900000))
    while pin in rooms:
        pin = str(100000 + secrets.randbelow(900000))
    rooms[pin] = {"pin": pin, "token": secrets.token_urlsafe(24), "quiz": quiz,
                  "max": (body.get("settings") or {}).get("max_players", 1000),
                  "phase": "lobby", "index": -1, "started": 0, "deadline": 0,
                  "players": {}, "nicks": set(), "answers": {}}
    return jsonify({"pin": pin, "host_token": rooms[pin]["token"]}), 201


def ranked(room):
    players = sorted(room["players"].values(), key=lambda p: (-p["score"], p["seq"]))
    rank, last = 0, None
    for i, p in enumerate(players):
        if p["score"] != last:
            rank, last = i + 1, p["score"]
        p["rank"] = rank
    return [{"player_id": p["id"], "nickname": p["nickname"], "score": p["score"],
             "rank": p["rank"]} for p in players]


def open_question(room, index):
    question = room["quiz"]["questions"][index]
    room.update(phase="question", index=index, started=now_ms(), answers={})
    room["deadline"] = room["started"] + question["time_limit"] * 1000
    socketio.start_background_task(close_at_deadline, room, index, question["time_limit"])
    socketio.emit("question:start", {
        "index": index, "count": len(room["quiz"]["questions"]), "type": question["type"],
        "text": question["text"], "choices": question["choices"],
        "time_limit_ms": question["time_limit"] * 1000, "deadline": room["deadline"],
        "server_time": now_ms()}, to=f"room:{room['pin']}")


def close_at_deadline(room, index, seconds):
    socketio.sleep(seconds)
    if room["phase"] == "question" and room["index"] == index:
        close_question(room)


def close_question(room):
    if room["phase"] != "question":
        return
    room["phase"] = "reveal"  # first, so a concurrent caller cannot close it twice
    question = room["quiz"]["questions"][room["index"]]
    limit = question["time_limit"] * 1000
    distribution = [0] * len(question["choices"])
    for p in room["players"].values():
        answer = room["answers"].get(p["id"])
        correct = answer is not None and answer[0] == question["answer"]
        if answer is not None:
            distribution[answer[0]] += 1
        p["points"] = 0
        if correct:
            p["streak"] += 1
            p["points"] = round(1000 * (1 - answer[1] / limit / 2)) + min(500, 100 * (p["streak"] - 1))
            p["score"] += p["points"]
        else:
            p["streak"] = 0
        p["correct"] = correct
    pin = room["pin"]
    socketio.emit("question:end", {"index": room["index"], "correct": question["answer"],
                                   "distribution": distribution, "answered": len(room["answers"]),
                                   "explanation": question.get("explanation", "")}, to=f"room:{pin}")
    entries = ranked(room)
    for p in room["players"].values():
        socketio.emit("player:result", {"index": room["index"], "correct": p["correct"],
                                        "points": p["points"], "score": p["score"],
                                        "rank": p["rank"], "streak": p["streak"],
                                        "players": len(entries)}, to=p["sid"])
    socketio.emit("leaderboard:update", {"entries": entries[:10], "players": len(entries)},
                  to=f"room:{pin}")


def all_answered(room):
    return all(pid in room["answers"] for pid, p in room["players"].items() if p["online"])


@socketio.on("host:attach")
def host_attach(msg):
    room = rooms.get(msg.get("pin"))
    if room is None:
        return err("not_found")
    if msg.get("host_token") != room["token"]:
        return err("forbidden")
    connections[request.sid] = (room, "host", None)
    join_room(f"room:{room['pin']}")
    join_room(f"watch:{room['pin']}")
    return {"ok": True, "state": {"pin": room["pin"], "phase": room["phase"]}}


@socketio.on("player:join")
def player_join(msg):
    room = rooms.get(msg.get("pin"))
    if room is None:
        return err("not_found")
    if request.sid in connections:
        return err("already_attached")
    nickname = str(msg.get("nickname", "")).strip()
    if not nickname or len(nickname) > 20:
        return err("bad_nickname")
    if nickname.lower() in room["nicks"]:
        return err("nickname_taken")
    if len(room["players"]) >= room["max"]:
        return err("room_full")
    if room["phase"] == "finished":
        return err("game_over")
    player = {"id": secrets.token_hex(8), "sid": request.sid, "nickname": nickname,
              "seq": len(room["players"]), "score": 0, "streak": 0, "online": True}
    room["players"][player["id"]] = player
    room["nicks"].add(nickname.lower())
    connections[request.sid] = (room, "player", player)
    join_room(f"room:{room['pin']}")
    socketio.emit("lobby:update", {"joined": {"player_id": player["id"], "nickname": nickname},
                                   "players": len(room["players"])}, to=f"watch:{room['pin']}")
    return {"ok": True, "player_id": player["id"], "player_token": secrets.token_urlsafe(24),
            "nickname": nickname, "state": {"pin": room["pin"], "phase": room["phase"],
                                            "players": len(room["players"])}}


@socketio.on("player:answer")
def player_answer(msg):
    t = now_ms()
    room, role, player = connections.get(request.sid, (None, None, None))
    if role != "player":
        return err("forbidden")
    if room["phase"] != "question" or msg.get("index") != room["index"]:
        return err("not_accepting")
    if player["id"] in room["answers"]:
        return err("already_answered")
    answer = msg.get("answer")
    if type(answer) is not int or not 0 <= answer < len(room["quiz"]["questions"][room["index"]]["choices"]):
        return err("bad_answer")
    room["answers"][player["id"]] = (answer, t - room["started"])
    socketio.emit("question:progress", {"index": room["index"], "answered": len(room["answers"]),
                                        "players": len(room["players"])}, to=f"watch:{room['pin']}")
    if all_answered(room):
        socketio.start_background_task(close_question, room)  # ack first, then broadcast
    return {"ok": True, "index": room["index"], "response_ms": t - room["started"]}


def host_room(msg):
    room, role, _ = connections.get(request.sid, (None, None, None))
    return room if role == "host" and room["pin"] == msg.get("pin") else None


@socketio.on("host:start")
def host_start(msg):
    room = host_room(msg)
    if room is None:
        return err("forbidden")
    if room["phase"] != "lobby":
        return err("bad_phase")
    return host_next(msg)


@socketio.on("host:next")
def host_next(msg):
    room = host_room(msg)
    if room is None:
        return err("forbidden")
    if room["phase"] == "lobby":
        if not room["players"]:
            return err("no_players")
        open_question(room, 0)
    elif room["phase"] == "question":
        close_question(room)
    elif room["phase"] == "reveal" and room["index"] + 1 < len(room["quiz"]["questions"]):
        open_question(room, room["index"] + 1)
    elif room["phase"] == "reveal":
        room["phase"] = "finished"
        entries = ranked(room)
        socketio.emit("game:over", {"podium": entries[:3], "leaderboard": entries[:10],
                                    "players": len(entries)}, to=f"room:{room['pin']}")
    else:
        return err("bad_phase")
    return {"ok": True}


@socketio.on("disconnect")
def on_disconnect(reason=None):
    room, role, player = connections.pop(request.sid, (None, None, None))
    if role == "player":
        player["online"] = False
        if room["phase"] == "question" and all_answered(room):
            close_question(room)


if __name__ == "__main__":
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 5002
    if MODE == "eventlet":
        # socketio.run would listen with eventlet's defaults: a backlog of 50 (a burst of
        # joins overflows it, and dropped SYNs are retried only after 1 s) and at most 1024
        # connections. A hand-written server that wants 2000 players sets both.
        import eventlet.wsgi
        eventlet.wsgi.server(eventlet.listen(("127.0.0.1", port), backlog=1024), app,
                             max_size=100_000, log_output=False)
    else:
        socketio.run(app, host="127.0.0.1", port=port, log_output=False, backlog=1024)
