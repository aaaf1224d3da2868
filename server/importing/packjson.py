"""A quiz as JSON: the pack format of seeds/ (plus tags), which the library exports."""
from __future__ import annotations

import json

from ..game.pack import MAX_QUESTIONS, PackError, parse_quiz
from . import BadImport, Draft

# a library quiz's own bookkeeping: read past on import, never an error
LIBRARY_KEYS = {"id", "created", "updated", "version", "owner", "deleted", "builtin",
                "errors", "format"}
FORMAT = "quizroom-quiz/1"


def draft_from_data(data, default_title: str, missing_images=None) -> Draft:
    if not isinstance(data, dict):
        raise BadImport(["quiz: must be a JSON object with title and questions"])
    tags = data.get("tags", [])
    errors = []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        errors.append("tags: must be a list of strings")
        tags = []
    pack = {k: v for k, v in data.items() if k not in LIBRARY_KEYS | {"tags"}}
    pack.setdefault("title", default_title)
    try:
        parse_quiz(pack)
    except PackError as exc:
        errors += exc.errors
    questions = pack.get("questions") if isinstance(pack.get("questions"), list) else []
    if missing_images is not None and not errors:
        errors += missing_paths(questions, missing_images)
    if errors:
        raise BadImport(errors)
    return Draft(pack["title"], pack.get("description") or "", tags, questions[:MAX_QUESTIONS])


def image_paths(questions) -> list[tuple[str, str]]:
    """(path, hash) of every image named by (validated) pack questions."""
    found = []
    for i, q in enumerate(questions):
        if q.get("image"):
            found.append((f"questions[{i}].image", q["image"]))
        for j, c in enumerate(q.get("choices") or []):
            if isinstance(c, dict):
                found.append((f"questions[{i}].choices[{j}].image", c["image"]))
    return found


def missing_paths(questions, missing_images) -> list[str]:
    paths = image_paths(questions)
    missing = missing_images({d for _p, d in paths})
    return [f"{path}: no image with hash {digest[:12]}… was uploaded to this server"
            for path, digest in paths if digest in missing]


def read_json(data: bytes, default_title: str, missing_images=None) -> Draft:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadImport(["the file is not UTF-8 JSON"]) from None
    except json.JSONDecodeError as exc:
        raise BadImport([f"not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"]) \
            from None
    except RecursionError:
        raise BadImport(["not valid JSON: nested too deeply"]) from None
    return draft_from_data(parsed, default_title, missing_images)


def quiz_json(quiz: dict) -> dict:
    """What an export holds: the quiz's own fields, none of the library's bookkeeping."""
    return {"format": FORMAT, "title": quiz.get("title", ""),
            "description": quiz.get("description", ""), "tags": list(quiz.get("tags") or []),
            "questions": quiz.get("questions") or []}


def write_json(quiz: dict) -> bytes:
    return json.dumps(quiz_json(quiz), ensure_ascii=False, indent=2).encode("utf-8")
