"""Every Redis key QuizRoom writes, in one place.

All names start with the configured prefix P (default ``qr:``). ``ROOM_TTL`` is
the room lifetime after its last activity (24 h by default): every script that
touches a room refreshes it, so a room and everything in it disappears a day
after it was last used, finished or not.

| pattern                     | type   | TTL      | holds                                                        |
|-----------------------------|--------|----------|--------------------------------------------------------------|
| P room:{pin}                | hash   | ROOM_TTL | phase, index, count, started, deadline, locked, version,     |
|                             |        |          | ended, created, seq (join counter), kicks, host (sha256 of   |
|                             |        |          | token), rid (the room's identity, see below),                |
|                             |        |          | max_players, settings (JSON); game modes (docs/protocol.md): |
|                             |        |          | late_join, next_at, resume_phase, remaining, paused_at,      |
|                             |        |          | manual, revote, team:{i} (players in team i)                 |
| P room:{pin}:quiz           | string | ROOM_TTL | the validated quiz as compact UTF-8 JSON (no \\u escapes),   |
|                             |        |          | at most QUIZROOM_MAX_QUIZ_BYTES; immutable once created      |
| P room:{pin}:players        | hash   | ROOM_TTL | player id -> JSON {nickname, key, seq, token, joined}        |
| P room:{pin}:nicks          | hash   | ROOM_TTL | nickname key (look-alike skeleton) -> player id              |
| P room:{pin}:tokens         | hash   | ROOM_TTL | sha256(player token) -> player id                            |
| P room:{pin}:scores         | zset   | ROOM_TTL | player id -> total score                                     |
| P room:{pin}:streaks        | hash   | ROOM_TTL | player id -> consecutive correct answers                     |
| P room:{pin}:online         | hash   | ROOM_TTL | player id -> number of live connections                      |
| P room:{pin}:conns          | set    | ROOM_TTL | "sid|player id" of every live player connection              |
| P room:{pin}:waiting        | set    | ROOM_TTL | connected players who have not answered the open question    |
| P room:{pin}:banned         | set    | ROOM_TTL | nickname keys the host banned from the room                  |
| P room:{pin}:answers:{i}    | hash   | ROOM_TTL | player id -> JSON [response_ms, answer] for question i       |
| P room:{pin}:answers:{i}:first | hash | ROOM_TTL | a re-voted question's first vote, moved aside from answers:{i} |
| P room:{pin}:results:{i}    | string | ROOM_TTL | JSON {player id: {answer, correct, points, response_ms}}     |
| P room:{pin}:hidden:{i}     | set    | ROOM_TTL | word-cloud entries (as shown) the host hid for question i    |
| P deadlines                 | zset   | ROOM_TTL | pin -> deadline (ms epoch) of every open question; a member  |
|                             |        |          | leaves when its question closes; TTL renewed on every ZADD.  |
|                             |        |          | Also a lead-in's or break's end, an auto-pilot reveal's or   |
|                             |        |          | an auto start's time: every room timer (game/modes/pilot.py) |
| P workers                   | zset   | 60 s     | worker id -> last heartbeat (ms); refreshed every 2 s        |
| P worker:{id}:conns         | set    | ROOM_TTL | "pin|sid|player id" of the connections a worker holds;       |
|                             |        |          | read and deleted by a live worker once that worker is silent |
| P rate:{kind}:{addr}:{n}    | string | 2 windows| hits in window n (now // window) of a rate limit             |
| P reached:{addr}            | set    | 4 h      | PINs of rooms this client address has found (a join, an      |
|                             |        |          | attach, a valid token): still open to it when it is locked   |
|                             |        |          | out for missing other PINs; TTL renewed on every add         |
| P session:{id}              | string | ROOM_TTL | Flask-Session data (tokens a browser holds)                  |
| P rooms                     | zset   | none     | "pin|addr" -> the room's expiry (ms) as last seen: every     |
|                             |        |          | live room and the address (an IPv6 /64) that created it, for |
|                             |        |          | QUIZROOM_MAX_ROOMS. Each room creation prunes it: a member   |
|                             |        |          | past its score is dropped if its room is gone, re-scored if  |
|                             |        |          | the room was kept busy. No TTL, since it must outlive any    |
|                             |        |          | busy room; it holds the live rooms plus those expired since  |
|                             |        |          | the last creation                                            |
| P rooms:{addr}              | set    | none     | pins of the live rooms an address created, for               |
|                             |        |          | QUIZROOM_MAX_ROOMS_PER_ADDRESS; a pin leaves when the prune  |
|                             |        |          | of P rooms finds its room gone (an empty set is no key)      |
| P media:{sha256}            | hash   | none     | an uploaded image as served: data (the re-encoded bytes,     |
|                             |        |          | whose SHA-256 is the key), type (Content-Type), w, h,        |
|                             |        |          | created (ms). Content-addressed, so immutable; no TTL, since |
|                             |        |          | a library quiz may use it for years (see docs/security.md);  |
|                             |        |          | owners: how many owners' media:owner sets hold it            |
| P media:owner:{owner}       | zset   | none     | hash -> when this owner last stored (or brought) that image  |
|                             |        |          | (ms); "-" for no owner. Pruned once no quiz of the owner     |
|                             |        |          | names the image and the trash has let its quizzes go         |
| P media:bytes:{owner}       | string | none     | bytes of the images in media:owner:{owner}, for              |
|                             |        |          | QUIZROOM_MEDIA_MAX_BYTES_PER_OWNER                           |

Host accounts and the quiz library (no TTL: they are the data a host keeps):

| pattern                     | type   | TTL      | holds                                                        |
|-----------------------------|--------|----------|--------------------------------------------------------------|
| P hosts                     | hash   | none     | account name -> JSON {hash (argon2id), created (ms)}         |
| P signin:{kind}:{value}     | string | 60 s     | failed sign-ins in the window that began at the first one;   |
|                             |        |          | kind "addr" (an address key) or "host" (an account name).    |
|                             |        |          | Counted before the password is checked, given back when it   |
|                             |        |          | is right; an address's one try at a name past its budget     |
|                             |        |          | counts 5 against the address (store/accounts.py ADMIT)       |
| P lib:quiz:{id}             | hash   | none;    | a library quiz: id, owner ("" without accounts), version,    |
|                             |        | TRASH_TTL| created, updated (ms), body (JSON {title, description, tags, |
|                             |        | in trash | questions}), summary (JSON for listings), deleted (ms, only  |
|                             |        |          | while in the trash, when the key expires after TRASH_TTL)    |
| P lib:index:{owner}         | set    | none     | ids of an owner's live quizzes ("-" for no owner)            |
| P lib:trash:{owner}         | zset   | none     | id -> when its quiz leaves the trash for good (ms); members  |
|                             |        |          | past their score are pruned when the trash is listed         |

Season leagues (no TTL: a league lives until its host deletes it; see docs/study.md):

| pattern                     | type   | TTL      | holds                                                        |
|-----------------------------|--------|----------|--------------------------------------------------------------|
| P league:{id}               | hash   | none     | id, owner ("" without accounts), name, created (ms), games   |
|                             |        |          | (how many games it counted)                                  |
| P leagues:{owner}           | set    | none     | ids of an owner's leagues ("-" for no owner)                 |
| P league:{id}:members       | hash   | none     | member id -> JSON {nickname, key, joined, games, points,     |
|                             |        |          | correct, scored, best_streak}                                |
| P league:{id}:nicks         | hash   | none     | nickname key (look-alike skeleton) -> member id: the claim   |
| P league:{id}:tokens        | hash   | none     | sha256(league token) -> member id (one per device)           |
| P league:{id}:codes         | hash   | none     | sha256(recovery code) -> member id; a code works once        |
| P league:{id}:games         | hash   | none     | room rid -> JSON {title, pin, finished, players: {member id: |
|                             |        |          | {nickname, points, correct, scored, best_streak}}}; written  |
|                             |        |          | with HSETNX, so each game counts once                        |
| P league:{id}:seats:{rid}   | hash   | ROOM_TTL | room player id -> member id, for the room with that rid      |

Self-paced challenges (docs/study.md): every key of a challenge expires at its closing
time plus QUIZROOM_CHALLENGE_KEEP_DAYS (14 by default), so reviews keep working that long:

| pattern                     | type   | TTL      | holds                                                        |
|-----------------------------|--------|----------|--------------------------------------------------------------|
| P ch:{code}                 | hash   | closes + | code, title, count, closes (ms), created (ms), host (sha256  |
|                             |        | keep     | of the host token), owner, league, max_players, settings     |
|                             |        |          | (JSON), reveal (each | at_close), locked ("1": no new        |
|                             |        |          | players); the host's close moves closes (and every expiry)   |
|                             |        |          | to now                                                       |
| P ch:{code}:quiz            | string | same     | the quiz as played (selected, dealt), compact JSON           |
| P ch:{code}:players         | hash   | same     | player id -> JSON {nickname, key, joined, member?}           |
| P ch:{code}:nicks           | hash   | same     | nickname key (look-alike skeleton) -> player id              |
| P ch:{code}:tokens          | hash   | same     | sha256(player token) -> player id                            |
| P ch:{code}:run:{id}        | hash   | same     | one player's run: index, opened, deadline (the player's own  |
|                             |        |          | clock, ms), settled, score, streak, finished, v (version),   |
|                             |        |          | nick (the nickname);                                         |
|                             |        |          | r{i}: JSON result of question i {answer, correct, points,    |
|                             |        |          | response_ms}                                                 |
| P ch:{code}:board           | zset   | same     | player id -> score                                           |
| P ch:{code}:banned          | set    | same     | nickname keys the host kicked with a ban: a join under one   |
|                             |        |          | (or a look-alike) is refused; the kicked token maps to       |
|                             |        |          | "-kicked" in ch:{code}:tokens                                |
| P challenges:reached:{addr} | set    | 4 h      | challenge codes this address has found (looked up, made):    |
|                             |        |          | still open to it once it is locked out of unknown codes      |
| P challenges:closing        | zset   | none     | code -> closing time (ms); a ticker takes a code out once it |
|                             |        |          | has closed, and exactly one counts it toward its league      |
| P challenges:live           | zset   | none     | "code|addr" -> the challenge's expiry (ms): every challenge  |
|                             |        |          | still stored and the address (an IPv6 /64) that made it, for |
|                             |        |          | QUIZROOM_MAX_CHALLENGES; each creation drops the expired     |
| P challenges:by:{addr}      | set    | none     | codes of the stored challenges an address made, for          |
|                             |        |          | QUIZROOM_MAX_CHALLENGES_PER_ADDRESS; pruned with the zset    |

The room hash's ``rid`` (random, set at creation) is the room's identity: a PIN
is drawn again once its room expired, so every per-worker cache is keyed by
``rid`` (``created`` for rooms made before ``rid`` existed), never by PIN alone.

Tokens are never stored in clear: only their SHA-256, so a Redis dump does not
let anyone take over a seat or a host console.
"""
from __future__ import annotations


class Keys:
    def __init__(self, prefix: str = "qr:"):
        self.prefix = prefix
        self.deadlines = f"{prefix}deadlines"
        self.workers = f"{prefix}workers"
        self.session_prefix = f"{prefix}session:"
        self.live_rooms = f"{prefix}rooms"
        self.hosts = f"{prefix}hosts"
        self.challenges_closing = f"{prefix}challenges:closing"
        self.live_challenges = f"{prefix}challenges:live"

    def address_challenges(self, address: str) -> str:
        return f"{self.prefix}challenges:by:{address}"

    def address_rooms(self, address: str) -> str:
        return f"{self.prefix}rooms:{address}"

    def room(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}"

    def quiz(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:quiz"

    def players(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:players"

    def nicks(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:nicks"

    def tokens(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:tokens"

    def scores(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:scores"

    def streaks(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:streaks"

    def online(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:online"

    def waiting(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:waiting"

    def banned(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:banned"

    def answers(self, pin: str, index: int) -> str:
        return f"{self.prefix}room:{pin}:answers:{index}"

    def first_vote(self, pin: str, index: int) -> str:
        return f"{self.prefix}room:{pin}:answers:{index}:first"

    def results(self, pin: str, index: int) -> str:
        return f"{self.prefix}room:{pin}:results:{index}"

    def hidden(self, pin: str, index: int) -> str:
        return f"{self.prefix}room:{pin}:hidden:{index}"

    def rate(self, name: str) -> str:
        return f"{self.prefix}rate:{name}"

    def reached(self, addr: str) -> str:
        return f"{self.prefix}reached:{addr}"

    def conns(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:conns"

    def worker_conns(self, worker_id: str) -> str:
        return f"{self.prefix}worker:{worker_id}:conns"

    def media(self, digest: str) -> str:
        return f"{self.prefix}media:{digest}"

    def media_owned(self, owner: str) -> str:
        return f"{self.prefix}media:owner:{owner or '-'}"

    def media_bytes(self, owner: str) -> str:
        return f"{self.prefix}media:bytes:{owner or '-'}"

    def room_keys(self, pin: str) -> list[str]:
        """The fixed keys of a room, in the order the scripts expect them as KEYS."""
        return [self.room(pin), self.quiz(pin), self.players(pin), self.nicks(pin),
                self.tokens(pin), self.scores(pin), self.streaks(pin), self.online(pin),
                self.waiting(pin), self.banned(pin), self.conns(pin)]

    def signin_failures(self, kind: str, value: str) -> str:
        return f"{self.prefix}signin:{kind}:{value}"

    def library_quiz(self, quiz_id: str) -> str:
        return f"{self.prefix}lib:quiz:{quiz_id}"

    def library_index(self, owner: str) -> str:
        return f"{self.prefix}lib:index:{owner or '-'}"

    def library_trash(self, owner: str) -> str:
        return f"{self.prefix}lib:trash:{owner or '-'}"

    def league(self, league_id: str) -> str:
        return f"{self.prefix}league:{league_id}"

    def league_index(self, owner: str) -> str:
        return f"{self.prefix}leagues:{owner or '-'}"

    def league_members(self, league_id: str) -> str:
        return f"{self.prefix}league:{league_id}:members"

    def league_nicks(self, league_id: str) -> str:
        return f"{self.prefix}league:{league_id}:nicks"

    def league_tokens(self, league_id: str) -> str:
        return f"{self.prefix}league:{league_id}:tokens"

    def league_codes(self, league_id: str) -> str:
        return f"{self.prefix}league:{league_id}:codes"

    def league_games(self, league_id: str) -> str:
        return f"{self.prefix}league:{league_id}:games"

    def league_seats(self, league_id: str, rid: str) -> str:
        return f"{self.prefix}league:{league_id}:seats:{rid}"

    def challenge(self, code: str) -> str:
        return f"{self.prefix}ch:{code}"

    def challenge_quiz(self, code: str) -> str:
        return f"{self.prefix}ch:{code}:quiz"

    def challenge_players(self, code: str) -> str:
        return f"{self.prefix}ch:{code}:players"

    def challenge_nicks(self, code: str) -> str:
        return f"{self.prefix}ch:{code}:nicks"

    def challenge_tokens(self, code: str) -> str:
        return f"{self.prefix}ch:{code}:tokens"

    def challenge_run(self, code: str, player_id: str) -> str:
        return f"{self.prefix}ch:{code}:run:{player_id}"

    def challenge_banned(self, code: str) -> str:
        return f"{self.prefix}ch:{code}:banned"

    def challenges_reached(self, addr: str) -> str:
        return f"{self.prefix}challenges:reached:{addr}"

    def challenge_board(self, code: str) -> str:
        return f"{self.prefix}ch:{code}:board"
