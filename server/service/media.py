"""Images for quizzes: cleaned on upload (service/images.py), kept by content hash."""
from __future__ import annotations

import hashlib
import json
import time

from ..game.errors import GameError
from ..store.media import DIGEST_RE, MediaStore, OverQuota
from . import images
from .offloop import Gate, off_the_loop  # noqa: F401 - Gate: transfer.py takes it from here

# two at once per worker: the machine's cores, and 200 MB of pixels at most
DECODES = Gate(2, 5.0, "cleaning other images")
# how often a worker may prune: on a quiz's deletion, and on a refused upload (or as
# often as the trash lets quizzes go, when that is quicker)
TIDY_MS = 10 * 60 * 1000
QUOTA_PRUNE_MS = 5_000


def media_url(digest: str) -> str:
    return f"/media/{digest}"


class MediaService:
    """Uploads cleaned and charged to their owner ("" on a server without accounts):
    at most ``max_bytes_per_owner`` each (0: no cap). An image no quiz names any more is
    kept ``keep_ms`` after it was last stored, as long as the trash keeps a quiz, then
    let go by ``prune``."""

    def __init__(self, store: MediaStore, now=lambda: int(time.time() * 1000),
                 max_bytes_per_owner: int = 0, keep_ms: int = 30 * 24 * 3600 * 1000):
        self.store = store
        self.now = now
        self.quota = max_bytes_per_owner
        self.keep_ms = keep_ms
        self._pruned = 0  # when this worker last pruned (ms)

    def upload(self, data: bytes, owner: str | None = None) -> dict:
        """Clean and store an uploaded image; the reply POST /api/media sends."""
        digest, _new, _charged, processed = self.store_image(data, owner)
        return {"hash": digest, "url": media_url(digest), "width": processed.width,
                "height": processed.height, "type": processed.content_type}

    def store_image(self, data: bytes, owner: str | None):
        """(hash, new here, charged by this call, Processed); GameError media_quota past
        the owner's quota, checked before the decoding when it is spent already."""
        owner = owner or ""
        if self.quota and self.store.used(owner) >= self.quota:
            self._prune_at_most_every(min(QUOTA_PRUNE_MS, self.keep_ms))
            if self.store.used(owner) >= self.quota:
                raise self._over_quota(self.store.used(owner))
        processed = DECODES.run(images.process, data)
        for attempt in (1, 2):
            try:
                return (*self.store.put(processed.data, processed.content_type,
                                        processed.width, processed.height, self.now(),
                                        owner, self.quota), processed)
            except OverQuota as exc:
                if attempt == 2 or not self._prune_at_most_every(
                        min(QUOTA_PRUNE_MS, self.keep_ms)):
                    raise self._over_quota(exc.used) from None

    def claim(self, digest: str, owner: str | None) -> bool | None:
        """Charge a stored image to ``owner`` too (a bundle bringing it): whether this
        charged it; None when it is gone."""
        try:
            return self.store.claim(digest, owner or "", self.now(), self.quota)
        except OverQuota as exc:
            raise self._over_quota(exc.used) from None

    def undo(self, digest: str, owner: str | None, new: bool) -> None:
        """Take back a charge of this request's (a failed import): the image goes too
        when it came with the request and no other owner holds it."""
        self.store.release(digest, owner or "", self.now() + 1, delete=new)

    def _over_quota(self, used: int) -> GameError:
        mb = 1024 * 1024
        return GameError("media_quota", f"your images take {used / mb:.1f} MB; a host keeps at "
                         f"most {self.quota / mb:.0f} MB of them. Delete quizzes you no longer "
                         f"need: their pictures are let go once the trash lets them go",
                         limit=self.quota, used=used)

    def tidy(self) -> None:
        """``prune``, at most every ``TIDY_MS`` on this worker: a host deleting quizzes is
        the moment to let go the images of those the trash has let go since."""
        self._prune_at_most_every(TIDY_MS)

    def _prune_at_most_every(self, ms: int) -> bool:
        """A prune reads every quiz: an owner at its quota asking again and again, or
        deleting quiz after quiz, must not make each request one. Whether it ran."""
        if self.now() - self._pruned < ms:
            return False
        self._pruned = self.now()
        self.prune()
        return True

    def prune(self) -> dict:
        """Let go every charge no quiz of its owner needs, and delete the images nobody
        holds and no quiz names: the library (the trash too, until it expires), live
        rooms and challenges. Only images stored ``keep_ms`` ago or earlier: a picture
        just uploaded is about to be saved in a quiz."""
        before = self.now() - self.keep_ms
        named = off_the_loop(named_images, self.store.quiz_texts())
        freed = released = 0
        for owner in self.store.owners():
            for digest, when in self.store.owned(owner):
                users = named.get(digest, set())
                if when <= before and owner not in users and None not in users:
                    outcome = self.store.release(digest, owner, before, delete=not users)
                    released += outcome > 0
                    freed += outcome == 2
        for digest in self.store.digests():
            if digest not in named and self.store.drop(digest, before):
                freed += 1
        return {"released": released, "deleted": freed}

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
        checked = DECODES.run(images.check_stored, data)
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


def named_images(texts) -> dict[str, set]:
    """hash -> the owners whose quizzes name it (None: a room's or a challenge's), from
    MediaStore.quiz_texts."""
    named: dict[str, set] = {}
    for owner, text in texts:
        try:
            quiz = json.loads(text)
        except ValueError:
            continue
        questions = quiz.get("questions") if isinstance(quiz, dict) else None
        for digest in draft_images(questions):
            named.setdefault(digest, set()).add(owner)
    return named


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
