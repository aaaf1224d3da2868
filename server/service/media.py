"""Images for quizzes: cleaned on upload (service/images.py), kept by content hash."""
from __future__ import annotations

import hashlib
import sys
import time

from ..game.errors import GameError
from ..store.media import DIGEST_RE, MediaStore
from . import images


def off_the_loop(fn, *args):
    """Run CPU-bound ``fn`` in a native thread when the server runs on greenlets: Pillow
    drops the GIL while it decodes and encodes, so the games on this worker keep going
    during a large photo's second or two (docs/security.md, "Uploaded images")."""
    if "gevent" in sys.modules:  # never imported here just to ask
        from gevent import monkey
        if monkey.is_module_patched("socket"):
            import gevent
            return gevent.get_hub().threadpool.apply(fn, args)
    if "eventlet" in sys.modules:
        from eventlet import patcher, tpool
        if patcher.is_monkey_patched("socket"):
            return tpool.execute(fn, *args)
    return fn(*args)


def media_url(digest: str) -> str:
    return f"/media/{digest}"


class MediaService:
    def __init__(self, store: MediaStore, now=lambda: int(time.time() * 1000)):
        self.store = store
        self.now = now

    def upload(self, data: bytes) -> dict:
        """Clean and store an uploaded image; the reply POST /api/media sends."""
        processed = off_the_loop(images.process, data)
        digest = self.store.put(processed.data, processed.content_type, processed.width,
                                processed.height, self.now())
        return {"hash": digest, "url": media_url(digest), "width": processed.width,
                "height": processed.height, "type": processed.content_type}

    def get(self, digest: str) -> tuple[bytes, str]:
        found = self.store.get(digest)
        if found is None:
            raise GameError("not_found", "no image with this hash")
        return found

    def restore(self, digest: str, data: bytes) -> bool:
        """Put back an image from a backup under its own hash: True when stored, False
        when it was here already; GameError when the bytes are not that image."""
        if hashlib.sha256(data).hexdigest() != digest:
            raise GameError("bad_image", "its bytes do not match the hash in its name")
        if not self.store.missing({digest}):
            return False
        checked = off_the_loop(images.check_stored, data)
        self.store.put(checked.data, checked.content_type, checked.width, checked.height,
                       self.now())
        return True

    def check_quiz(self, quiz) -> None:
        """Refuse a quiz (parsed) that names an image this server does not hold."""
        errors = []
        missing = self.store.missing(d for _path, d in quiz_images(quiz))
        for path, digest in quiz_images(quiz):
            if digest in missing:
                errors.append(f"{path}: no uploaded image with hash {digest[:12]}…; "
                              f"upload it again")
        if errors:
            raise GameError("invalid_quiz", errors[0], errors=errors)


def draft_images(questions) -> set[str]:
    """The image hashes a stored quiz (a draft, perhaps not valid) names."""
    found = set()
    for q in questions if isinstance(questions, list) else []:
        if not isinstance(q, dict):
            continue
        named = [q.get("image")] + [c.get("image") for c in q.get("choices") or []
                                    if isinstance(c, dict)]
        found |= {d for d in named if isinstance(d, str) and DIGEST_RE.match(d)}
    return found


def quiz_images(quiz) -> list[tuple[str, str]]:
    """(path, digest) of every image a parsed quiz refers to."""
    found = []
    for i, q in enumerate(quiz.questions):
        if q.image:
            found.append((f"questions[{i}].image", q.image))
        for j, choice in enumerate(q.choices):
            if isinstance(choice, dict):
                found.append((f"questions[{i}].choices[{j}].image", choice["image"]))
    return found
