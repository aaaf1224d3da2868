"""Small helpers for the tests: a fixed clock, packs, and Socket.IO test clients."""
from __future__ import annotations

import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeClock:
    """Milliseconds since the epoch that only move when a test says so."""

    def __init__(self, start: int = 1_800_000_000_000):
        self.value = start

    def __call__(self) -> int:
        return self.value

    def advance(self, ms: int) -> int:
        self.value += ms
        return self.value


def pack(*questions, **overrides) -> dict:
    data = {"id": "test-pack", "title": "Test pack", "description": "for tests",
            "questions": list(questions)}
    data.update(overrides)
    return data


def single(answer=1, time_limit=20, points="standard", **extra) -> dict:
    return {"type": "single", "text": "Which one?", "choices": ["a", "b", "c", "d"],
            "answer": answer, "time_limit": time_limit, "points": points,
            "explanation": "Because.", **extra}


def multi(answer=(0, 2), partial=False, **extra) -> dict:
    q = {"type": "multi", "text": "Which ones?", "choices": ["a", "b", "c", "d"],
         "answer": list(answer), "time_limit": 20, "points": "standard", **extra}
    if partial:
        q["partial"] = True
    return q


def truefalse(answer=0, **extra) -> dict:
    return {"type": "truefalse", "text": "True?", "choices": ["True", "False"],
            "answer": answer, "time_limit": 10, **extra}


def text(answer=("Jinja2", "Jinja"), **extra) -> dict:
    return {"type": "text", "text": "Template engine?", "choices": [], "answer": list(answer),
            "time_limit": 30, **extra}


def poll(**extra) -> dict:
    return {"type": "poll", "text": "Favourite?", "choices": ["x", "y", "z"], "answer": None,
            "points": "none", **extra}


def slider(answer=73.5, tolerance=1, **extra) -> dict:
    return {"type": "slider", "text": "How far?", "min": 0, "max": 100, "step": 0.5,
            "unit": "km", "answer": answer, "tolerance": tolerance, "time_limit": 20, **extra}


def order(choices=("first", "second", "third", "fourth"), **extra) -> dict:
    return {"type": "order", "text": "Put in order", "choices": list(choices),
            "time_limit": 20, **extra}


def wordcloud(**extra) -> dict:
    return {"type": "wordcloud", "text": "One word for Flask?", "time_limit": 20, **extra}


def info(**extra) -> dict:
    return {"type": "info", "text": "Next: routing", "time_limit": 10, **extra}


EMOJI = "\U0001F600"


def emoji_question() -> dict:
    """The longest question validation allows, every character a 4-byte emoji."""
    return single(text=EMOJI * 300, choices=[EMOJI * 119 + c for c in "abcdef"], answer=0,
                  explanation=EMOJI * 500)


def emoji_pack(questions: int) -> dict:
    return pack(*[emoji_question() for _ in range(questions)], title=EMOJI * 120)


def events(client, name=None) -> list:
    """Drain a Socket.IO test client; the payloads of ``name`` (or (name, payload) pairs)."""
    # a connection the server closed still has what it received before the close
    received = client.get_received() if client.is_connected() else client.queue
    if name is None:
        return [(e["name"], e["args"][0] if e["args"] else None) for e in received]
    return [e["args"][0] for e in received if e["name"] == name]
