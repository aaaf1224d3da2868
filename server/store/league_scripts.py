"""Lua scripts of the season leagues (server/store/leagues.py; keys in keys.py)."""

# Claim a nickname in a league for a new member.
# KEYS: league hash, members, nicks, tokens, codes
# ARGV: member id, member JSON, nickname key, sha256(token), sha256(recovery code)
# -> 'ok' | {'err', code}
CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {'err', 'not_found'} end
if redis.call('HSETNX', KEYS[3], ARGV[3], ARGV[1]) == 0 then
  return {'err', 'nickname_taken'}
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[5], ARGV[5], ARGV[1])
return 'ok'
"""

# Trade a recovery code for a new token and a new code: each code works once.
# KEYS: members, tokens, codes
# ARGV: sha256(code given), sha256(new token), sha256(new code)
# -> member JSON, or false for an unknown code
RECOVER = """
local member = redis.call('HGET', KEYS[3], ARGV[1])
if not member then return false end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[3], member)
redis.call('HSET', KEYS[2], ARGV[2], member)
return redis.call('HGET', KEYS[1], member)
"""

# Add one finished game to the season table, once per game whatever the callers.
# KEYS: league hash, games, members
# ARGV: game id (the room's rid), game JSON {..., players: {member id: {points,
#       correct, scored, best_streak}}}
# -> 1 recorded, 0 already recorded, -1 no such league (deleted meanwhile)
RECORD = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
local game = cjson.decode(ARGV[2])
for member, line in pairs(game.players) do
  local raw = redis.call('HGET', KEYS[3], member)
  if raw then
    local m = cjson.decode(raw)
    m.games = (m.games or 0) + 1
    m.points = (m.points or 0) + line.points
    m.correct = (m.correct or 0) + line.correct
    m.scored = (m.scored or 0) + line.scored
    if line.best_streak > (m.best_streak or 0) then m.best_streak = line.best_streak end
    redis.call('HSET', KEYS[3], member, cjson.encode(m))
  end
end
redis.call('HINCRBY', KEYS[1], 'games', 1)
return 1
"""

# The owner removes a member: the identity, its nickname claim, every token and
# recovery code of it go, and with the member its line in the table (the games keep
# their own record, which the table no longer reads for a member who is gone).
# KEYS: members, nicks, tokens, codes
# ARGV: member id
# -> 1 removed, 0 no such member
REMOVE_MEMBER = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local key = cjson.decode(raw).key
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HGET', KEYS[2], key) == ARGV[1] then redis.call('HDEL', KEYS[2], key) end
for i = 3, 4 do
  local pairs_ = redis.call('HGETALL', KEYS[i])
  for j = 1, #pairs_, 2 do
    if pairs_[j + 1] == ARGV[1] then redis.call('HDEL', KEYS[i], pairs_[j]) end
  end
end
return 1
"""
