"""Answer order per player: a few fixed permutations of a question's choices.

At room creation each choice question of a ``shuffle_answers`` room is dealt
``GROUPS`` permutations (``options["perms"]``, stored with the quiz): ``perm[shown
position] = pack index``. A player belongs to group ``int(player_id[-4:], 16) %
len(perms)``, known from the id alone, so answering costs no extra Redis read.
The phone shows the choices in its group's order and answers with shown
positions; the server maps them back to pack order before grading, so the
distribution, the reveal and the results all speak of the pack's order.
"""
from __future__ import annotations

from dataclasses import asdict

from ..model import Question, Quiz
from ..types import kind

GROUPS = 4


def deal_perms(quiz: Quiz, rng, groups: int = GROUPS) -> Quiz:
    questions = []
    for q in quiz.questions:
        if kind(q).shuffled:
            perms = []
            for _ in range(groups):
                perm = list(range(len(q.choices)))
                rng.shuffle(perm)
                perms.append(perm)
            data = {**asdict(q), "choices": q.choices, "answer": q.answer, "tags": q.tags,
                    "options": {**q.options, "perms": perms}}
            q = Question(**data)
        questions.append(q)
    return Quiz(quiz.id, quiz.title, quiz.description, tuple(questions))


def perms(question: Question) -> list | None:
    return question.options.get("perms") or None


def group(player_id: str, count: int = GROUPS) -> int:
    try:
        return int(player_id[-4:], 16) % count
    except ValueError:  # an id not made by the server (tests): the first group
        return 0


def perm_for(question: Question, player_id: str) -> list | None:
    table = perms(question)
    return table[group(player_id, len(table))] if table else None


def to_pack(question: Question, player_id: str, answer):
    """A cleaned answer in shown positions -> the same answer in pack order."""
    perm = perm_for(question, player_id)
    if perm is None or answer is None:
        return answer
    if isinstance(answer, list):
        return sorted(perm[i] for i in answer)
    return perm[answer]


def for_player(payload: dict, question: Question, player_id: str) -> dict:
    """A question payload as this player's phone shows it: ``choices`` in its order."""
    perm = perm_for(question, player_id)
    if perm is None:
        return payload
    out = {k: v for k, v in payload.items() if k != "perms"}
    out["choices"] = [question.choices[i] for i in perm]
    out["perm"] = perm
    return out
