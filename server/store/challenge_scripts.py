"""Lua scripts of self-paced challenges (server/store/challenges.py; keys in keys.py)."""
from .scripts import PIN_GATE

# A new challenge, unless its code is taken or a cap on stored challenges is reached.
# Challenges keep their keys for weeks, so the caps count every challenge until its keys
# expire; expired members of the index are dropped here, at the next creation.
# KEYS: challenge hash, quiz, closing (zset), every stored challenge (zset
#       "code|addr" -> expiry), the creating address's challenges (set)
# ARGV: expire at (ms), quiz JSON, key prefix, most challenges on the server (0: no cap),
#       most of one address (0: no cap), code, address key, closing time (ms),
#       field, value pairs for the challenge hash...
# -> 1 | 0 (code taken) | {'err', 'too_many_challenges', 'address' | 'server'}
CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)) do
  local bar = string.find(member, '|', 1, true)
  redis.call('ZREM', KEYS[4], member)
  redis.call('SREM', ARGV[3] .. 'challenges:by:' .. string.sub(member, bar + 1),
             string.sub(member, 1, bar - 1))
end
if tonumber(ARGV[5]) > 0 and redis.call('SCARD', KEYS[5]) >= tonumber(ARGV[5]) then
  return {'err', 'too_many_challenges', 'address'}
end
if tonumber(ARGV[4]) > 0 and redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[4]) then
  return {'err', 'too_many_challenges', 'server'}
end
redis.call('HSET', KEYS[1], unpack(ARGV, 9))
redis.call('SET', KEYS[2], ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[8], ARGV[6])
redis.call('ZADD', KEYS[4], ARGV[1], ARGV[6] .. '|' .. ARGV[7])
redis.call('SADD', KEYS[5], ARGV[6])
return 1
"""

# A new player of a challenge, under a nickname nobody there has (by look-alike key),
# unless the host locked it or banned that nickname (checked before the seats, so a
# banned player is told so rather than that the challenge is full).
# KEYS: challenge hash, players, nicks, tokens, the player's run hash, board (zset),
#       banned nickname keys (set)
# ARGV: player id, player JSON, nickname key, sha256(token), now (ms), expire at (ms),
#       nickname (kept in the run too)
# -> 'ok' | {'err', code}
JOIN = """
local meta = redis.call('HMGET', KEYS[1], 'closes', 'max_players', 'locked')
if not meta[1] then return {'err', 'not_found'} end
if tonumber(ARGV[5]) > tonumber(meta[1]) then return {'err', 'closed'} end
if meta[3] == '1' then return {'err', 'challenge_locked'} end
if redis.call('SISMEMBER', KEYS[7], ARGV[3]) == 1 then return {'err', 'banned'} end
if redis.call('HLEN', KEYS[2]) >= tonumber(meta[2]) then return {'err', 'challenge_full'} end
if redis.call('HSETNX', KEYS[3], ARGV[3], ARGV[1]) == 0 then
  return {'err', 'nickname_taken'}
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[5], 'index', -1, 'opened', 0, 'deadline', 0, 'settled', 1,
           'score', 0, 'streak', 0, 'finished', 0, 'v', 0, 'nick', ARGV[7])
redis.call('ZADD', KEYS[6], 0, ARGV[1])
for i = 2, 6 do redis.call('PEXPIREAT', KEYS[i], ARGV[6]) end
return 'ok'
"""

# Commit one change to a player's run if nobody changed it since it was read: opening
# a question, or settling it with its result. An answer is refused once the run's
# own deadline or the challenge's closing time has passed, and nothing opens after
# the closing time, by the clock of whichever process commits it: the closing time
# is read here, since the host may have moved it to now (CLOSE) a moment ago.
# KEYS: the player's run hash, the challenge's board (zset), the challenge hash
# ARGV: version read, 'answer' (check the deadlines), 'open' (check the closing time)
#       or '', now (ms), player id, run fields as JSON, result index ('' for none),
#       result JSON
# -> 'ok' | 'moved' (changed meanwhile: read again) | 'too_late' | 'closed' |
#    'gone' (no such run: the host kicked the player)
COMMIT_RUN = """
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return 'gone' end
if v ~= ARGV[1] then return 'moved' end
local now = tonumber(ARGV[3])
local closes = tonumber(redis.call('HGET', KEYS[3], 'closes') or '0')
if ARGV[2] == 'open' and now > closes then return 'closed' end
if ARGV[2] == 'answer' and
    (now > tonumber(redis.call('HGET', KEYS[1], 'deadline')) or now > closes) then
  return 'too_late'
end
for field, value in pairs(cjson.decode(ARGV[5])) do
  redis.call('HSET', KEYS[1], field, value)
end
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], 'r' .. ARGV[6], ARGV[7])
  redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'score'), ARGV[4])
end
redis.call('HINCRBY', KEYS[1], 'v', 1)
return 'ok'
"""

# The host kicks a player: their seat, run and place on the board go, their token
# answers "kicked" from now on, and with a ban their nickname key joins the banned set.
# KEYS: players, nicks, tokens, the player's run hash, board, banned
# ARGV: player id, '1' to ban, expire at (ms)
# -> the player's JSON, or false for no such player
KICK = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local key = cjson.decode(raw).key
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HGET', KEYS[2], key) == ARGV[1] then redis.call('HDEL', KEYS[2], key) end
local tokens = redis.call('HGETALL', KEYS[3])
for i = 1, #tokens, 2 do
  if tokens[i + 1] == ARGV[1] then redis.call('HSET', KEYS[3], tokens[i], '-kicked') end
end
redis.call('DEL', KEYS[4])
redis.call('ZREM', KEYS[5], ARGV[1])
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[6], key)
  redis.call('PEXPIREAT', KEYS[6], ARGV[3])
end
return raw
"""

# Lock or unlock a challenge to new players (a field of a hash that must still exist:
# HSET on an expired one would make a hash that never expires).
# KEYS: challenge hash   ARGV: '1' or '0'
# -> 1 | 0 (no such challenge)
SET_LOCK = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'locked', ARGV[1])
return 1
"""

# The host closes a challenge now: its closing time becomes now, the ticker counts it
# toward its league at its next tick, and every key of it expires ``keep`` after now,
# as after any close. Closing a closed challenge changes nothing.
# KEYS: challenge hash, closing (zset), quiz, players, nicks, tokens, board, banned
# ARGV: the new closing time (ms; the caller's now - 1, so it is closed at once), keep
#       (ms), code, prefix of the run keys ("<prefix>ch:<code>:run:")
# -> the closing time, or false for no such challenge
CLOSE = """
local closes = redis.call('HGET', KEYS[1], 'closes')
if not closes then return false end
local now = tonumber(ARGV[1])
if tonumber(closes) <= now then return tonumber(closes) end
redis.call('HSET', KEYS[1], 'closes', now)
redis.call('ZADD', KEYS[2], 'XX', now, ARGV[3])
local expire = now + tonumber(ARGV[2])
for i = 1, #KEYS do
  if i ~= 2 then redis.call('PEXPIREAT', KEYS[i], expire) end
end
for _, pid in ipairs(redis.call('HKEYS', KEYS[4])) do
  redis.call('PEXPIREAT', ARGV[4] .. pid, expire)
end
return now
"""

# A lookup by challenge code alone, behind the address's lockout: the PIN gate itself,
# with the challenge hash for the room, the code-miss counter and the codes reached.
CODE_GATE = PIN_GATE
