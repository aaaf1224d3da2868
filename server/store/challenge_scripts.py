"""Lua scripts of self-paced challenges (server/store/challenges.py; keys in keys.py)."""

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
