"""Lua scripts of the quiz library: each change to a quiz is one of these.

Every script takes the quiz hash as KEYS[1] and checks its owner itself, so a
quiz of another host answers exactly like one that does not exist. Errors come
back as ``{"err", code}`` tables.
"""

CREATE = """
-- KEYS[1] the quiz hash   KEYS[2] its owner's index (set of ids)   KEYS[3] its owner's trash
-- ARGV[1] id   ARGV[2] owner   ARGV[3] version   ARGV[4] created (ms)   ARGV[5] updated (ms)
-- ARGV[6] body JSON   ARGV[7] summary JSON   ARGV[8] most quizzes an owner may keep,
-- live and in the trash (0: no cap)   ARGV[9] now (ms)
-- Returns 1; 0 when the id is taken (the caller draws another, or reports it);
-- {"err", "too_many_quizzes"} at the cap.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if tonumber(ARGV[8]) > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[9])
  if redis.call('SCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[8]) then
    return {'err', 'too_many_quizzes'}
  end
end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'owner', ARGV[2], 'version', ARGV[3],
           'created', ARGV[4], 'updated', ARGV[5], 'body', ARGV[6], 'summary', ARGV[7])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
"""

SAVE = """
-- KEYS[1] the quiz hash
-- ARGV[1] owner   ARGV[2] the version the edit is based on   ARGV[3] updated (ms)
-- ARGV[4] body JSON   ARGV[5] summary JSON
-- Returns {"ok", new version}; {"err", "not_found"} when the quiz is missing, in the
-- trash or another owner's; {"conflict"} when the stored version is not ARGV[2]:
-- someone saved in between, and this edit must not overwrite theirs.
local meta = redis.call('HMGET', KEYS[1], 'owner', 'version', 'deleted')
if not meta[1] or meta[1] ~= ARGV[1] or meta[3] then return {'err', 'not_found'} end
if meta[2] ~= ARGV[2] then return {'conflict'} end
local version = tonumber(meta[2]) + 1
redis.call('HSET', KEYS[1], 'version', version, 'updated', ARGV[3], 'body', ARGV[4],
           'summary', ARGV[5])
return {'ok', version}
"""

DELETE = """
-- KEYS[1] the quiz hash   KEYS[2] its owner's index   KEYS[3] its owner's trash (zset)
-- ARGV[1] owner   ARGV[2] id   ARGV[3] now (ms)   ARGV[4] trash lifetime (ms)
-- Returns the time (ms) the quiz leaves the trash for good; {"err", "not_found"}.
local meta = redis.call('HMGET', KEYS[1], 'owner', 'deleted')
if not meta[1] or meta[1] ~= ARGV[1] or meta[2] then return {'err', 'not_found'} end
local purge = tonumber(ARGV[3]) + tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'deleted', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SREM', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], purge, ARGV[2])
return purge
"""

RESTORE = """
-- KEYS[1] the quiz hash   KEYS[2] its owner's index   KEYS[3] its owner's trash
-- ARGV[1] owner   ARGV[2] id
-- Returns 1; {"err", "not_found"} when it is not in this owner's trash (any more).
local meta = redis.call('HMGET', KEYS[1], 'owner', 'deleted')
if not meta[1] or meta[1] ~= ARGV[1] or not meta[2] then return {'err', 'not_found'} end
redis.call('HDEL', KEYS[1], 'deleted')
redis.call('PERSIST', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
return 1
"""

ADOPT = """
-- KEYS[1] the ownerless index   KEYS[2] the new owner's index
-- ARGV[1] key prefix of quiz hashes (P .. 'lib:quiz:')   ARGV[2] new owner
-- Gives every live ownerless quiz (made while the server had no account) to ARGV[2].
-- Returns how many.
local ids = redis.call('SMEMBERS', KEYS[1])
for _, id in ipairs(ids) do
  redis.call('HSET', ARGV[1] .. id, 'owner', ARGV[2])
  redis.call('SADD', KEYS[2], id)
end
redis.call('DEL', KEYS[1])
return #ids
"""
