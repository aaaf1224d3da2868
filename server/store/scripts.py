"""Lua scripts: everything two workers could race on is one of these.

Most scripts take the eleven fixed room keys (``Keys.room_keys``) as KEYS[1..11]:
1 room, 2 quiz, 3 players, 4 nicks, 5 tokens, 6 scores, 7 streaks, 8 online,
9 waiting, 10 banned, 11 conns. Extra keys follow.

Presence is kept per connection: ``conns`` holds "sid|player" members and a
player's ``online`` count only moves when that set really changes, so marking a
connection gone twice (its own disconnect, then a reaper after its worker
died) counts once. Each worker also lists its connections as "pin|sid|player"
in its own set, which a live worker reads to clean up after a dead one. Errors come back as ``{"err", code}``
tables so the caller can map them to protocol error codes.
"""

# Refresh the TTL of the ten room keys; ARGV[ttl_at] is the TTL in seconds.
_TOUCH = """
local function touch(ttl)
  for i = 1, 11 do redis.call('EXPIRE', KEYS[i], ttl) end
end
"""

CREATE_ROOM = """
-- KEYS[1..11]  the room keys
-- KEYS[12]     every live room: zset "pin|owner" -> the room's expiry (ms) as last seen
-- KEYS[13]     the live rooms of the creating address, the owner (set of pins)
-- ARGV[1]      TTL seconds
-- ARGV[2]      quiz JSON
-- ARGV[3]      key prefix: a member's room is ARGV[3] .. 'room:' .. pin and its
--              owner's set ARGV[3] .. 'rooms:' .. owner (derived here, like the keys
--              of ATTACH, because only the index names them)
-- ARGV[4]      most live rooms on the server (0: no cap)
-- ARGV[5]      most live rooms of one owner (0: no cap)
-- ARGV[6]      pin   ARGV[7] owner (an address key)
-- ARGV[8..]    field, value pairs for the room hash
-- Returns 1; 0 when the PIN is already taken (the caller draws another);
-- {"err", "too_many_rooms", "address" | "server"} when a cap is reached.
-- Rooms expire on their own, a day after their last activity, so the index
-- learns it lazily: a member whose score has passed is dropped (from its
-- owner's set too) if its room is gone, and re-scored from the room's real TTL
-- if the room was kept busy. Each room is looked at about once per lifetime,
-- so a creation stays cheap.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[12], '-inf', now)) do
  local bar = string.find(member, '|', 1, true)
  local pin, owner = string.sub(member, 1, bar - 1), string.sub(member, bar + 1)
  local left = redis.call('PTTL', ARGV[3] .. 'room:' .. pin)
  if left > 0 then
    redis.call('ZADD', KEYS[12], now + left, member)
  else
    redis.call('ZREM', KEYS[12], member)
    redis.call('SREM', ARGV[3] .. 'rooms:' .. owner, pin)
  end
end
if tonumber(ARGV[5]) > 0 and redis.call('SCARD', KEYS[13]) >= tonumber(ARGV[5]) then
  return {'err', 'too_many_rooms', 'address'}
end
if tonumber(ARGV[4]) > 0 and redis.call('ZCARD', KEYS[12]) >= tonumber(ARGV[4]) then
  return {'err', 'too_many_rooms', 'server'}
end
local ttl = tonumber(ARGV[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 8))
redis.call('SET', KEYS[2], ARGV[2], 'EX', ttl)
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('ZADD', KEYS[12], now + ttl * 1000, ARGV[6] .. '|' .. ARGV[7])
redis.call('SADD', KEYS[13], ARGV[6])
return 1
"""

_CONNECT = """
local function connect(pid, sid, pin, ttl)
  local member = sid .. '|' .. pid
  if redis.call('SADD', KEYS[11], member) == 1 then redis.call('HINCRBY', KEYS[8], pid, 1) end
  redis.call('SADD', KEYS[12], pin .. '|' .. member)
  redis.call('EXPIRE', KEYS[12], ttl)
end
"""

JOIN = _TOUCH + _CONNECT + """
-- KEYS[1..11]  the room keys   KEYS[12] this worker's connections
-- KEYS[13], KEYS[14], KEYS[15] (optional, together) the address's join-rate counter,
--          its PIN-miss counter and the set of PINs it has reached (see PIN_GATE)
-- ARGV[1] player id   ARGV[2] nickname     ARGV[3] nickname key (the confusable
--          skeleton of nickname_key: look-alikes clash as taken or banned)
-- ARGV[4] sha256 of the player token       ARGV[5] now (ms)   ARGV[6] TTL seconds
-- ARGV[7] connection sid   ARGV[8] pin
-- ARGV[9] the room identity (rid) the caller checked the nickname against, or ""
-- ARGV[10] rate counter lifetime (ms)   ARGV[11] its limit   ARGV[12] PIN-miss limit
-- ARGV[13] PIN-miss counter lifetime (ms)   ARGV[14] reached-PINs set TTL (s)
--          (ARGV[10..14] are "" without the address checks)
-- ARGV[15] the team asked for (index), or -1: the smallest team   ARGV[16] the
--          number of teams, 0 without teams; each team's size is the room field
--          "team:<index>", counted here so concurrent joins balance exactly
-- Returns {"ok", seq, phase, players in the room, the room hash as field, value...}
-- (what the new player's first snapshot is built from) or {"err", code}; the
-- codes "over_budget" and "locked_out" come from the address checks, "stale"
-- when the room under that PIN is not the one the caller's cache holds.
if KEYS[13] then
  -- refused before the room is read, so the refusal says nothing about the PIN, and
  -- before the join budget is spent, so a locked-out guesser does not use up the class's
  if tonumber(redis.call('GET', KEYS[14]) or '0') >= tonumber(ARGV[12])
      and redis.call('SISMEMBER', KEYS[15], ARGV[8]) == 0 then
    return {'err', 'locked_out'}
  end
  local hits = redis.call('INCR', KEYS[13])
  if hits == 1 then redis.call('PEXPIRE', KEYS[13], ARGV[10]) end
  if hits > tonumber(ARGV[11]) then return {'err', 'over_budget'} end
  if redis.call('EXISTS', KEYS[1]) == 0 then
    if redis.call('INCR', KEYS[14]) == 1 then redis.call('PEXPIRE', KEYS[14], ARGV[13]) end
    return {'err', 'not_found'}
  end
  redis.call('SADD', KEYS[15], ARGV[8])
  redis.call('EXPIRE', KEYS[15], ARGV[14])
end
local room = KEYS[1]
local state = redis.call('HMGET', room, 'phase', 'locked', 'max_players', 'rid', 'created',
                         'late_join')
if not state[1] then return {'err', 'not_found'} end
if ARGV[9] ~= '' and (state[4] or state[5]) ~= ARGV[9] then return {'err', 'stale'} end
if state[1] == 'finished' then return {'err', 'game_over'} end
if state[2] == '1' then return {'err', 'room_locked'} end
-- settings.late_join false: the room closes to newcomers once the game starts
if state[6] == '0' and state[1] ~= 'lobby' then return {'err', 'game_started'} end
if redis.call('HLEN', KEYS[3]) >= tonumber(state[3]) then return {'err', 'room_full'} end
if redis.call('SISMEMBER', KEYS[10], ARGV[3]) == 1 then return {'err', 'nickname_banned'} end
if redis.call('HSETNX', KEYS[4], ARGV[3], ARGV[1]) == 0 then return {'err', 'nickname_taken'} end
local seq = redis.call('HINCRBY', room, 'seq', 1)
local player = {nickname = ARGV[2], key = ARGV[3], seq = seq, token = ARGV[4],
  joined = tonumber(ARGV[5])}
local teams = tonumber(ARGV[16] or '0') or 0
if teams > 0 then
  local team = tonumber(ARGV[15])
  if team < 0 then
    local fewest = nil
    for t = 0, teams - 1 do
      local size = tonumber(redis.call('HGET', room, 'team:' .. t) or '0')
      if fewest == nil or size < fewest then fewest, team = size, t end
    end
  end
  redis.call('HINCRBY', room, 'team:' .. team, 1)
  player.team = team
end
redis.call('HSET', KEYS[3], ARGV[1], cjson.encode(player))
redis.call('HSET', KEYS[5], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[6], 0, ARGV[1])
connect(ARGV[1], ARGV[7], ARGV[8], ARGV[6])
if state[1] == 'question' then redis.call('SADD', KEYS[9], ARGV[1]) end
touch(ARGV[6])
local reply = {'ok', seq, state[1], redis.call('HLEN', KEYS[3])}
for _, v in ipairs(redis.call('HGETALL', room)) do reply[#reply + 1] = v end
return reply
"""

ATTACH = _TOUCH + _CONNECT + """
-- KEYS[1..11]  the room keys   KEYS[12] this worker's connections
-- ARGV[1] sha256 of the player token   ARGV[2] TTL seconds
-- ARGV[3] connection sid   ARGV[4] pin
-- Marks the player online again (one more live connection). During a question
-- a player who has not answered yet is waited for again.
-- Returns {"ok", player id, player JSON, score, streak, answered 0/1} or {"err", code}.
local phase = redis.call('HGET', KEYS[1], 'phase')
if not phase then return {'err', 'not_found'} end
local pid = redis.call('HGET', KEYS[5], ARGV[1])
if not pid then return {'err', 'bad_token'} end
local player = redis.call('HGET', KEYS[3], pid)
if not player then return {'err', 'bad_token'} end
connect(pid, ARGV[3], ARGV[4], ARGV[2])
local answered = 0
if phase == 'question' then
  -- the per-question key is derived here because the index is only known inside the script
  local index = redis.call('HGET', KEYS[1], 'index')
  answered = redis.call('HEXISTS', KEYS[1] .. ':answers:' .. index, pid)
  if answered == 0 then redis.call('SADD', KEYS[9], pid) end
end
touch(ARGV[2])
local score = redis.call('ZSCORE', KEYS[6], pid) or '0'
local streak = redis.call('HGET', KEYS[7], pid) or '0'
return {'ok', pid, player, score, streak, answered}
"""

DETACH = """
-- KEYS[1] room   KEYS[2] online   KEYS[3] waiting   KEYS[4] conns
-- KEYS[5] connections of the worker that held it
-- ARGV[1] player id   ARGV[2] connection sid   ARGV[3] pin
-- One connection of the player closed (idempotent). Returns {phase, index,
-- players still waited for}: when nobody connected is still to answer, the
-- question can end.
local member = ARGV[2] .. '|' .. ARGV[1]
redis.call('SREM', KEYS[5], ARGV[3] .. '|' .. member)
if redis.call('SREM', KEYS[4], member) == 1 then
  local left = redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
  if left <= 0 then
    redis.call('HDEL', KEYS[2], ARGV[1])
    redis.call('SREM', KEYS[3], ARGV[1])
  end
end
local room = redis.call('HMGET', KEYS[1], 'phase', 'index')
return {room[1] or '', room[2] or '-1', redis.call('SCARD', KEYS[3])}
"""

ANSWERS = """
-- KEYS[1] room   KEYS[2] answers of question ARGV[1]   KEYS[3] waiting   KEYS[4] players
-- ARGV[1] question index   ARGV[2] TTL seconds
-- ARGV[3..] triples: player id, now (ms, when the worker received it), answer JSON
-- Every answer a worker received for one question within a millisecond or two,
-- stored in one call (a group commit). For each answer the deadline check, the
-- one-answer rule and the write are one step, so two workers racing on the same
-- player cannot both accept, and a late ticker cannot let a late answer in.
-- Returns {answered, waiting, players, outcome 1, outcome 2, ...}: the counts
-- after the whole batch, then per answer its response ms (a number) or an error
-- code (a string).
local room = redis.call('HMGET', KEYS[1], 'phase', 'index', 'started', 'deadline')
local refusal = nil
local asked = tonumber(ARGV[1])
if not room[1] then
  refusal = 'not_found'
else
  local index = tonumber(room[2])
  if room[1] ~= 'question' or asked ~= index then
    -- getting ready or paused: the question is not open (yet, or again)
    local waiting = room[1] == 'lobby' or room[1] == 'lead_in' or room[1] == 'paused'
      or room[1] == 'discuss'
    if asked < index or (asked == index and not waiting) then
      refusal = 'too_late'
    else
      refusal = 'not_accepting'
    end
  end
end
local out = {0, 0, 0}
local stored = 0
for i = 3, #ARGV, 3 do
  local pid, now = ARGV[i], tonumber(ARGV[i + 1])
  local result = refusal
  if not result then
    if now > tonumber(room[4]) then
      result = 'too_late'
    elseif redis.call('HEXISTS', KEYS[4], pid) == 0 then
      result = 'forbidden'
    else
      local t = math.max(0, now - tonumber(room[3]))
      if redis.call('HSETNX', KEYS[2], pid, '[' .. t .. ',' .. ARGV[i + 2] .. ']') == 0 then
        result = 'already_answered'
      else
        redis.call('SREM', KEYS[3], pid)
        stored = stored + 1
        result = t
      end
    end
  end
  out[#out + 1] = result
end
if stored > 0 then
  out[1] = redis.call('HLEN', KEYS[2])
  if out[1] == stored then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
  out[2] = redis.call('SCARD', KEYS[3])
  out[3] = redis.call('HLEN', KEYS[4])
end
return out
"""

COMMIT = _TOUCH + """
-- KEYS[1..11]  the room keys
-- KEYS[12] deadlines zset   KEYS[13] answers of the closing question (or any key)
-- KEYS[14] results of the closing question (or any key)
-- ARGV[1]  expected version: the transition was computed from this version
-- ARGV[2]  expected number of answers, or -1: closing a question is refused
--          if an answer arrived after the scores were computed
-- ARGV[3]  room fields JSON {field: value}, written to the room hash
-- ARGV[4]  "set" (ARGV[5] is the new deadline) or "del": the pin in the deadlines zset
-- ARGV[6]  pin   ARGV[7] TTL seconds
-- ARGV[8]  score deltas JSON {player id: points} or ""
-- ARGV[9]  streaks JSON {player id: streak} or ""
-- ARGV[10] results JSON (stored at KEYS[14]) or ""
-- ARGV[11] "1" to start waiting for every connected player (a question opens)
-- Returns 1 when committed, 0 when the room moved on (another worker won),
-- -1 when answers changed under us (recompute and try again).
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
if tonumber(ARGV[2]) >= 0 and redis.call('HLEN', KEYS[13]) ~= tonumber(ARGV[2]) then
  return -1
end
local fields = cjson.decode(ARGV[3])
for k, v in pairs(fields) do redis.call('HSET', KEYS[1], k, tostring(v)) end
if ARGV[4] == 'set' then
  redis.call('ZADD', KEYS[12], ARGV[5], ARGV[6])
  -- a global index, but never immortal: it lives as long as the newest room move
  redis.call('EXPIRE', KEYS[12], ARGV[7])
else
  redis.call('ZREM', KEYS[12], ARGV[6])
end
if ARGV[8] ~= '' then
  for pid, points in pairs(cjson.decode(ARGV[8])) do
    -- a player kicked meanwhile must not be brought back by a score
    if points ~= 0 and redis.call('HEXISTS', KEYS[3], pid) == 1 then
      redis.call('ZINCRBY', KEYS[6], points, pid)
    end
  end
end
if ARGV[9] ~= '' then
  for pid, streak in pairs(cjson.decode(ARGV[9])) do
    if redis.call('HEXISTS', KEYS[3], pid) == 1 then redis.call('HSET', KEYS[7], pid, streak) end
  end
end
if ARGV[10] ~= '' then redis.call('SET', KEYS[14], ARGV[10], 'EX', ARGV[7]) end
if ARGV[11] == '1' then
  redis.call('DEL', KEYS[9])
  local online = redis.call('HKEYS', KEYS[8])
  for i = 1, #online, 1000 do
    redis.call('SADD', KEYS[9], unpack(online, i, math.min(i + 999, #online)))
  end
end
touch(ARGV[7])
return 1
"""

REMOVE_PLAYER = """
-- KEYS[1..11]  the room keys
-- ARGV[1] player id   ARGV[2] "1" to ban the nickname from this room
-- Removes the seat, revokes the token and frees the nickname (unless banned).
-- Returns {removed player JSON, sid...} (the player's open connections, to be
-- closed), or false when there was no such player.
local player = redis.call('HGET', KEYS[3], ARGV[1])
if not player then return false end
local p = cjson.decode(player)
redis.call('HINCRBY', KEYS[1], 'kicks', 1)  -- invalidates cached leaderboards
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], p.key)
redis.call('HDEL', KEYS[5], p.token)
redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('HDEL', KEYS[7], ARGV[1])
redis.call('HDEL', KEYS[8], ARGV[1])
redis.call('SREM', KEYS[9], ARGV[1])
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[10], p.key)
  redis.call('EXPIRE', KEYS[10], redis.call('TTL', KEYS[1]))
end
local reply = {player}
local suffix = '|' .. ARGV[1]
for _, member in ipairs(redis.call('SMEMBERS', KEYS[11])) do
  if string.sub(member, -#suffix) == suffix then
    reply[#reply + 1] = string.sub(member, 1, #member - #suffix)
  end
end
return reply
"""

PIN_GATE = """
-- KEYS[1] room   KEYS[2] the address's PIN-miss counter (this window)
-- KEYS[3] the set of PINs the address has reached
-- ARGV[1] pin   ARGV[2] PIN-miss limit   ARGV[3] miss counter lifetime (ms)
-- ARGV[4] reached-PINs set TTL (s)
-- A PIN-only lookup from an address. Once the address has missed ARGV[2] times in
-- the window, a PIN it has not reached before is refused ("locked_out") before the
-- room is read, whether it exists or not, so a guesser learns nothing more; a PIN it
-- has reached (its class's room) still passes. Returns "ok" (and remembers the PIN),
-- "locked_out", or "not_found" (counted as a miss).
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2])
    and redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then
  return 'locked_out'
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
  return 'not_found'
end
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('EXPIRE', KEYS[3], ARGV[4])
return 'ok'
"""

HIT = """
-- KEYS[1] the rate counter of one window   ARGV[1] its lifetime (ms)
-- Counts one hit; the key names its window, so expiry only tidies up.
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits
"""

HEARTBEAT = """
-- KEYS[1] workers zset (worker id -> last heartbeat, ms)
-- ARGV[1] this worker's id   ARGV[2] now (ms)   ARGV[3] silence (ms) after which a
-- worker counts as dead   ARGV[4] TTL seconds of the zset
-- Returns the ids of dead workers, so their connections can be marked gone.
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
"""

REVOTE = """
-- KEYS[1] room   KEYS[2] answers of question i   KEYS[3] the first vote's answers of
-- question i   KEYS[4] deadlines zset
-- ARGV[1] expected version   ARGV[2] room fields JSON   ARGV[3] pin   ARGV[4] TTL seconds
-- ARGV[5] expected number of answers
-- Ends question i's first vote (peer instruction): its answers move aside, so the
-- second vote starts from none, and the question's deadline goes. Returns 1, 0 when
-- the room moved on, -1 when an answer arrived since the spread was computed.
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
if redis.call('HLEN', KEYS[2]) ~= tonumber(ARGV[5]) then return -1 end
redis.call('DEL', KEYS[3])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('RENAME', KEYS[2], KEYS[3])
  redis.call('EXPIRE', KEYS[3], ARGV[4])
end
for k, v in pairs(cjson.decode(ARGV[2])) do redis.call('HSET', KEYS[1], k, tostring(v)) end
redis.call('ZREM', KEYS[4], ARGV[3])
return 1
"""
