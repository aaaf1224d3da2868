"""Lua scripts of self-paced challenges (server/store/challenges.py; keys in keys.py)."""

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

# A new player of a challenge, under a nickname nobody there has (by look-alike key).
# KEYS: challenge hash, players, nicks, tokens, the player's run hash, board (zset)
# ARGV: player id, player JSON, nickname key, sha256(token), now (ms), expire at (ms),
#       nickname (kept in the run too)
# -> 'ok' | {'err', code}
JOIN = """
local meta = redis.call('HMGET', KEYS[1], 'closes', 'max_players')
if not meta[1] then return {'err', 'not_found'} end
if tonumber(ARGV[5]) > tonumber(meta[1]) then return {'err', 'closed'} end
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
# own deadline has passed, by the clock of whichever process commits it.
# KEYS: the player's run hash, the challenge's board (zset)
# ARGV: version read, 'answer' (check the deadline) or '', now (ms), player id,
#       run fields as JSON, result index ('' for none), result JSON
# -> 'ok' | 'moved' (changed meanwhile: read again) | 'too_late' | 'gone'
COMMIT_RUN = """
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return 'gone' end
if v ~= ARGV[1] then return 'moved' end
if ARGV[2] == 'answer' and
    tonumber(ARGV[3]) > tonumber(redis.call('HGET', KEYS[1], 'deadline')) then
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
