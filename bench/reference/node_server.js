#!/usr/bin/env node
// Reference server for bench/run: the subset of docs/protocol.md that a benchmark game uses,
// on the official socket.io server, with all state in this process's memory.
// It is the "how fast can this be on Node" yardstick, not a second implementation to ship.
//
//   node node_server.js --port 5001
'use strict';
const http = require('http');
const crypto = require('crypto');
const { Server } = require('socket.io');

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 5001);
const rooms = new Map();
const err = (code) => ({ ok: false, error: { code, message: code } });

function body(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => { try { resolve(JSON.parse(data)); } catch (e) { resolve(null); } });
  });
}

const server = http.createServer(async (req, res) => {
  const reply = (status, obj) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(obj)); };
  if (req.method === 'GET' && req.url === '/healthz') return reply(200, { status: 'ok' });
  if (req.method === 'POST' && req.url === '/api/rooms') {
    const b = await body(req);
    if (!b || !b.quiz || !Array.isArray(b.quiz.questions)) return reply(400, { error: { code: 'bad_request' } });
    let pin;
    do { pin = String(100000 + crypto.randomInt(900000)); } while (rooms.has(pin));
    const hostToken = crypto.randomBytes(24).toString('base64url');
    rooms.set(pin, { pin, hostToken, quiz: b.quiz, max: (b.settings || {}).max_players || 1000, phase: 'lobby',
      index: -1, started: 0, deadline: 0, timer: null, players: new Map(), nicks: new Set(), answers: new Map(), hostSid: null });
    return reply(201, { pin, host_token: hostToken });
  }
  return reply(404, { error: { code: 'not_found' } });
});
const io = new Server(server, { transports: ['websocket', 'polling'] });

function questionPayload(room) {
  const q = room.quiz.questions[room.index];
  return { index: room.index, count: room.quiz.questions.length, type: q.type, text: q.text, choices: q.choices,
    time_limit_ms: q.time_limit * 1000, deadline: room.deadline, server_time: Date.now() };
}

function ranked(room) {
  const all = [...room.players.values()].sort((a, b) => b.score - a.score || a.seq - b.seq);
  let rank = 0; let last = null;
  all.forEach((p, i) => { if (p.score !== last) { rank = i + 1; last = p.score; } p.rank = rank; });
  return all.map((p) => ({ player_id: p.id, nickname: p.nickname, score: p.score, rank: p.rank }));
}

function openQuestion(room, index) {
  const q = room.quiz.questions[index];
  room.phase = 'question'; room.index = index; room.started = Date.now();
  room.deadline = room.started + q.time_limit * 1000; room.answers = new Map();
  room.timer = setTimeout(() => closeQuestion(room), q.time_limit * 1000);
  io.to(`room:${room.pin}`).emit('question:start', questionPayload(room));
}

function closeQuestion(room) {
  if (room.phase !== 'question') return;
  clearTimeout(room.timer);
  room.phase = 'reveal';
  const q = room.quiz.questions[room.index];
  const T = q.time_limit * 1000;
  const distribution = q.choices.map(() => 0);
  for (const p of room.players.values()) {
    const a = room.answers.get(p.id);
    const correct = !!a && a.answer === q.answer;
    if (a) distribution[a.answer] = (distribution[a.answer] || 0) + 1;
    p.last = { correct, points: 0 };
    if (correct) {
      p.streak += 1;
      p.last.points = Math.round(1000 * (1 - a.t / T / 2)) + Math.min(500, 100 * (p.streak - 1));
      p.score += p.last.points;
    } else p.streak = 0;
  }
  io.to(`room:${room.pin}`).emit('question:end', { index: room.index, correct: q.answer, distribution,
    answered: room.answers.size, explanation: q.explanation || '' });
  const entries = ranked(room);
  for (const p of room.players.values()) {
    io.to(p.sid).emit('player:result', { index: room.index, correct: p.last.correct, points: p.last.points,
      score: p.score, rank: p.rank, streak: p.streak, players: entries.length });
  }
  io.to(`room:${room.pin}`).emit('leaderboard:update', { entries: entries.slice(0, 10), players: entries.length });
}

function closeIfAllAnswered(room) {
  if (room.phase !== 'question') return;
  for (const p of room.players.values()) if (p.online && !room.answers.has(p.id)) return;
  closeQuestion(room);
}

io.on('connection', (socket) => {
  let me = null; // {room, role, player}
  socket.on('host:attach', (m, ack) => {
    const room = rooms.get(m && m.pin);
    if (!room) return ack(err('not_found'));
    if (m.host_token !== room.hostToken) return ack(err('forbidden'));
    me = { room, role: 'host' }; room.hostSid = socket.id;
    socket.join([`room:${room.pin}`, `watch:${room.pin}`]);
    ack({ ok: true, state: { pin: room.pin, phase: room.phase, players: room.players.size } });
  });
  socket.on('player:join', (m, ack) => {
    const room = rooms.get(m && m.pin);
    if (!room) return ack(err('not_found'));
    if (me) return ack(err('already_attached'));
    const nickname = String(m.nickname || '').trim();
    if (!nickname || nickname.length > 20) return ack(err('bad_nickname'));
    if (room.nicks.has(nickname.toLowerCase())) return ack(err('nickname_taken'));
    if (room.players.size >= room.max) return ack(err('room_full'));
    if (room.phase === 'finished') return ack(err('game_over'));
    const player = { id: crypto.randomBytes(8).toString('hex'), sid: socket.id, nickname, seq: room.players.size,
      score: 0, streak: 0, online: true, token: crypto.randomBytes(24).toString('base64url') };
    room.players.set(player.id, player); room.nicks.add(nickname.toLowerCase());
    me = { room, role: 'player', player };
    socket.join(`room:${room.pin}`);
    io.to(`watch:${room.pin}`).emit('lobby:update', { joined: { player_id: player.id, nickname }, players: room.players.size });
    ack({ ok: true, player_id: player.id, player_token: player.token, nickname,
      state: { pin: room.pin, phase: room.phase, index: room.index, players: room.players.size } });
  });
  socket.on('player:answer', (m, ack) => {
    if (!me || me.role !== 'player') return ack(err('forbidden'));
    const room = me.room; const t = Date.now();
    if (room.phase !== 'question' || m.index !== room.index) return ack(err(m.index < room.index ? 'too_late' : 'not_accepting'));
    if (room.answers.has(me.player.id)) return ack(err('already_answered'));
    if (!Number.isInteger(m.answer) || m.answer < 0 || m.answer >= room.quiz.questions[room.index].choices.length) return ack(err('bad_answer'));
    room.answers.set(me.player.id, { answer: m.answer, t: t - room.started });
    ack({ ok: true, index: m.index, response_ms: t - room.started });
    io.to(`watch:${room.pin}`).emit('question:progress', { index: room.index, answered: room.answers.size, players: room.players.size });
    closeIfAllAnswered(room);
  });
  const hostAction = (handler) => (m, ack) => {
    if (!me || me.role !== 'host' || me.room.pin !== (m && m.pin)) return ack(err('forbidden'));
    ack(handler(me.room) || { ok: true });
  };
  const next = (room) => {
    if (room.phase === 'lobby') { if (!room.players.size) return err('no_players'); openQuestion(room, 0); return null; }
    if (room.phase === 'question') { closeQuestion(room); return null; }
    if (room.phase !== 'reveal') return err('bad_phase');
    if (room.index + 1 < room.quiz.questions.length) { openQuestion(room, room.index + 1); return null; }
    room.phase = 'finished';
    const entries = ranked(room);
    io.to(`room:${room.pin}`).emit('game:over', { podium: entries.slice(0, 3), leaderboard: entries.slice(0, 10), players: entries.length });
    return null;
  };
  socket.on('host:start', hostAction((room) => (room.phase === 'lobby' ? next(room) : err('bad_phase'))));
  socket.on('host:next', hostAction(next));
  socket.on('disconnect', () => {
    if (me && me.role === 'player') { me.player.online = false; closeIfAllAnswered(me.room); }
  });
});

server.listen(port, '127.0.0.1', () => process.stderr.write(`node reference on http://127.0.0.1:${port}\n`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
