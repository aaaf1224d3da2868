"""Host accounts: argon2id password hashes and rate-limited sign-in.

Every hash and check runs in a native thread (``offloop``), a few at once per process:
each is 64 MiB and a fifth of a second of CPU, which on the event loop froze every
game on the worker (docs/security.md, "Host accounts and the library")."""
from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..game.errors import GameError
from ..store.accounts import NAME_RE, AccountStore
from .addresses import address_key
from .limits import refused
from .offloop import Gate, off_the_loop

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
# failed sign-ins allowed per address and per account name in one window
SIGNIN_FAILURES = 5
SIGNIN_WINDOW_MS = 60_000
# password checks at once in one process: each holds 64 MiB and a core for ~0.2 s.
# Half the cores (at most 4) leaves the others to the games; one check takes five
# sign-ins a second, far more than hosts need. One more is refused at once (503
# unavailable): a queue would only grow under a flood
HASHES_AT_ONCE = min(4, max(1, (os.cpu_count() or 2) // 2))
_checks = Gate(HASHES_AT_ONCE, 0, "checking other sign-ins", retry_after=1)

# argon2-cffi's defaults are RFC 9106's second recommended profile (argon2id,
# 3 passes over 64 MiB): memory-hard, so a stolen Redis dump is slow to crack
# on GPUs too; the parameters travel inside each hash and check_needs_rehash
# upgrades old hashes at the next sign-in
_hasher = PasswordHasher()
# verified against when the name is unknown, so both answers take as long
_DUMMY = _hasher.hash("not a password anyone has")


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise GameError("bad_request", "name: 1..32 lowercase letters, digits, '.', '_' or '-', "
                        "starting with a letter or digit", field="name")
    return name


def check_password(password: str) -> str:
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise GameError("bad_request", f"password: {MIN_PASSWORD} to {MAX_PASSWORD} characters",
                        field="password")
    return password


class Accounts:
    def __init__(self, store: AccountStore, now):
        self.store = store
        self.now = now

    def any(self) -> bool:
        return self.store.any()

    def exists(self, name: str) -> bool:
        return isinstance(name, str) and self.store.get(name) is not None

    def add(self, name: str, password: str) -> None:
        check_name(name)
        check_password(password)
        if not self.store.add(name, off_the_loop(_hasher.hash, password), self.now()):
            raise GameError("name_taken", f"a host named {name!r} exists already", field="name")

    def remove(self, name: str) -> bool:
        return self.store.remove(name)

    def names(self) -> list[dict]:
        return self.store.names()

    def sign_in(self, name: str, password: str, ip: str | None) -> str:
        """The account name, or GameError ``bad_credentials``, ``rate_limited`` or
        ``unavailable`` (every password check of this process in use).

        Failures count per address and per name (known or not, so the answers do not
        tell which names exist). Past an address's budget it is refused before any
        password is checked, until its window ends. Past a name's budget, only
        addresses with no failure in their window get a check, one each: guessing
        slows to one guess per address a minute, and the host, from an address that
        has not failed, still signs in (the store's ADMIT script)."""
        address, counted = address_key(ip), str(name)[:64]
        record = self.store.get(name) if isinstance(name, str) and NAME_RE.match(name) else None
        with _checks.slot():
            charge, retry_ms = self.store.admit(address, counted, SIGNIN_FAILURES,
                                                SIGNIN_WINDOW_MS)
            if not charge:
                raise refused(retry_ms or SIGNIN_WINDOW_MS)
            ok, new_hash = off_the_loop(_check, record["hash"] if record else _DUMMY,
                                        str(password)[:MAX_PASSWORD])
        if not (ok and record):
            raise GameError("bad_credentials", "wrong name or password")
        self.store.refund(address, counted, charge)
        if new_hash:
            self.store.set_hash(name, new_hash)
        return name


def _check(stored: str, password: str) -> tuple[bool, str | None]:
    """Does ``password`` match; and its hash with today's parameters, if ``stored`` has
    older ones. Runs in a native thread: argon2 drops the GIL."""
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False, None
    return True, _hasher.hash(password) if _hasher.check_needs_rehash(stored) else None
