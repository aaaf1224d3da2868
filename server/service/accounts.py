"""Host accounts: argon2id password hashes and rate-limited sign-in."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..game.errors import GameError
from ..store.accounts import NAME_RE, AccountStore
from .addresses import address_key
from .limits import refused

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
# failed sign-ins allowed per address and per account name in one window
SIGNIN_FAILURES = 5
SIGNIN_WINDOW_MS = 60_000

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
        if not self.store.add(name, _hasher.hash(password), self.now()):
            raise GameError("name_taken", f"a host named {name!r} exists already", field="name")

    def remove(self, name: str) -> bool:
        return self.store.remove(name)

    def names(self) -> list[dict]:
        return self.store.names()

    def sign_in(self, name: str, password: str, ip: str | None) -> str:
        """The account name, or GameError ``bad_credentials`` / ``rate_limited``.

        Failures count per address and per name (known or not, so the answers do not
        tell which names exist); past the budget of either, sign-in is refused before
        any password is checked until the window ends."""
        counters = [("addr", address_key(ip)), ("host", str(name)[:64])]
        for kind, value in counters:
            count, left_ms = self.store.failures(kind, value)
            if count >= SIGNIN_FAILURES:
                raise refused(left_ms or SIGNIN_WINDOW_MS)
        record = self.store.get(name) if isinstance(name, str) and NAME_RE.match(name) else None
        ok = False
        try:
            ok = _hasher.verify(record["hash"] if record else _DUMMY, str(password)[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            ok = False
        if not (ok and record):
            for kind, value in counters:
                self.store.fail(kind, value, SIGNIN_WINDOW_MS)
            raise GameError("bad_credentials", "wrong name or password")
        self.store.clear_failures("host", name)
        if _hasher.check_needs_rehash(record["hash"]):
            self.store.set_hash(name, _hasher.hash(password))
        return name
