"""CPU-bound work off the event loop: a native thread while the server runs on greenlets.

Image cleaning and sheet parsing (service/media.py, service/transfer.py) and password
hashing (service/accounts.py) each take from a fraction of a second to a few seconds of
CPU; on the gevent or eventlet loop itself, every game on the worker would wait that
long for its next answer.
"""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager

from ..game.errors import GameError


def off_the_loop(fn, *args):
    """Run CPU-bound ``fn`` in a native thread when the server runs on greenlets: Pillow
    and argon2 drop the GIL while they work, so the games on this worker keep going
    (docs/security.md, "Uploaded images" and "Host accounts and the library")."""
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


class Gate:
    """At most ``slots`` calls at once through ``off_the_loop``: each holds up to 100 MB
    of pixels (or a parsed sheet, or argon2's 64 MiB), so a burst of them must not add
    up. A call past the bound waits up to ``wait_s`` on the loop (a greenlet wait: the
    games go on; 0: not at all), then is refused with 503 ``unavailable`` and a
    Retry-After, rather than queued without end."""

    def __init__(self, slots: int, wait_s: float, busy: str, retry_after: int = 2):
        self.slots, self.wait_s, self.busy = slots, wait_s, busy
        self.retry_after = retry_after
        self._free = None
        self._making = threading.Lock()

    @contextmanager
    def slot(self):
        """Hold a place, for checks that must come before the work itself."""
        with self._making:  # made at first use, once monkey-patching has made it green
            if self._free is None:
                self._free = threading.BoundedSemaphore(self.slots)
        if not self._free.acquire(timeout=self.wait_s):
            wait = "a second" if self.retry_after == 1 else "a few seconds"
            raise GameError("unavailable", f"the server is busy {self.busy}; try again in "
                            f"{wait}", retry_after=self.retry_after)
        try:
            yield
        finally:
            self._free.release()

    def run(self, fn, *args):
        with self.slot():
            return off_the_loop(fn, *args)
