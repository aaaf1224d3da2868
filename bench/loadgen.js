#!/usr/bin/env node
// Load generator for bench/run: plays whole games against a QuizRoom-protocol server
// (QuizRoom or a reference) with real socket.io clients, in its own process and runtime.
//
//   node loadgen.js '<json config>'      -> one JSON line on stdout, progress on stderr
//
// Every time is taken on this process's clock (performance.now), so host action -> player
// receipt needs no clock sync with the server. Any lost event, error ack, timeout or
// unexpected disconnect is an error, and a run with errors is reported as failed.
'use strict';
const fs = require('fs');
const http = require('http');
const { performance, monitorEventLoopDelay } = require('perf_hooks');
const { io } = require('socket.io-client');

const cfg = Object.assign({
  urls: ['http://127.0.0.1:5000'], rooms: 1, players: 100, questions: 5, time_limit: 30,
  concurrency: 100, players_per_address: 4, phase_timeout_ms: 20000, deadline_ms: 300000, pids: [], redis_pid: null, clk_tck: 100,
}, JSON.parse(process.argv[2] || '{}'));

const now = () => performance.now();
const log = (...a) => process.stderr.write(`[loadgen] ${a.join(' ')}\n`);
const errors = {};
const errorSamples = [];
function fail(kind, detail) {
  errors[kind] = (errors[kind] || 0) + 1;
  if (errorSamples.length < 20) errorSamples.push(`${kind}: ${detail}`);
}

// Hard stop: a stuck run must still end, and say why.
const hardStop = setTimeout(() => { fail('deadline', `run exceeded ${cfg.deadline_ms} ms`); finish(null); },
  cfg.deadline_ms);

function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpu_ms: (Number(f[11]) + Number(f[12])) * 1000 / cfg.clk_tck, rss_kb: rss ? Number(rss[1]) : 0 };
  } catch (e) { return { cpu_ms: 0, rss_kb: 0 }; }
}
function serverStats() {
  const all = cfg.pids.map(procStat);
  return { cpu_ms: all.reduce((s, x) => s + x.cpu_ms, 0), rss_kb: all.reduce((s, x) => s + x.rss_kb, 0),
    redis_cpu_ms: cfg.redis_pid ? procStat(cfg.redis_pid).cpu_ms : 0 };
}

// Resolves once `count` reaches `want`; the waiter list stays tiny (one per phase).
class Counter {
  constructor() { this.count = 0; this.waiters = []; }
  add() {
    this.count += 1;
    this.waiters = this.waiters.filter((w) => (this.count >= w.want ? (w.resolve(), false) : true));
  }
  wait(want, what) {
    if (this.count >= want) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: ${this.count}/${want} after ${cfg.phase_timeout_ms} ms`)),
        cfg.phase_timeout_ms);
      this.waiters.push({ want, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }
}

// Players come from many loopback source addresses (a few per address, like homes or
// phones), so QuizRoom's per-address join limit does not turn 2000 joins into a queue.
// Hosts (and their room creation) each have an address of their own.
function address(group, i) {
  return `127.${group}.${Math.floor(i / 250)}.${1 + (i % 250)}`;
}

const sockets = [];
let closing = false;
function connect(url, label, localAddress) {
  return new Promise((resolve, reject) => {
    const s = io(url, { transports: ['websocket'], reconnection: false, forceNew: true,
      timeout: cfg.phase_timeout_ms, localAddress });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => reject(new Error(`${label} connect: ${e.message}`)));
    s.on('disconnect', (reason) => { if (!closing && s.wasConnected) fail('disconnect', `${label}: ${reason}`); });
    s.once('connect', () => { s.wasConnected = true; });
  });
}
function call(s, event, payload) {
  return s.timeout(cfg.phase_timeout_ms).emitWithAck(event, payload);
}

const samples = { fanout: [], ack: [], endLag: [], endFromSent: [], fanoutLast: [] };
let messages = 0;

function makeRoom(r) {
  const q = cfg.questions;
  const counters = (n) => Array.from({ length: n }, () => new Counter());
  const times = () => new Array(q + 1).fill(0);
  return { r, players: [], started: counters(q), ended: counters(q), results: counters(q),
    boards: counters(q), acked: counters(q), over: new Counter(), emitAt: times(), lastAck: times(),
    lastSent: times(), lastEnd: times(), startAt: Array.from({ length: q }, () => []) };
}

function postJson(url, localAddress, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', localAddress, timeout: cfg.phase_timeout_ms,
      headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text))
        : reject(new Error(`POST ${url}: ${res.statusCode} ${text.slice(0, 300)}`))));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`POST ${url}: timeout`)));
    req.end(JSON.stringify(body));
  });
}

async function createRoom(room) {
  const quiz = { id: 'bench', title: 'bench', description: '', questions: Array.from({ length: cfg.questions },
    (_, i) => ({ type: 'single', text: `Question ${i + 1}?`, choices: ['a', 'b', 'c', 'd'], answer: 0,
      time_limit: cfg.time_limit })) };
  room.address = address(2, room.r);
  Object.assign(room, await postJson(`${cfg.urls[0]}/api/rooms`, room.address,
    // lead_in 0: questions open at once, as in the reference servers (and earlier runs)
    { quiz, settings: { max_players: cfg.players, lead_in: 0 } }));
  room.host = await connect(cfg.urls[0], `host ${room.r}`, room.address);
  room.host.onAny((event) => { if (event !== 'lobby:update') messages += 1; });
  const ack = await call(room.host, 'host:attach', { pin: room.pin, host_token: room.host_token });
  if (!ack.ok) throw new Error(`host:attach: ${JSON.stringify(ack.error)}`);
}

async function joinPlayer(room, i, url, k) {
  const label = `r${room.r}p${i}`;
  const s = await connect(url, label, address(1, Math.floor(k / cfg.players_per_address)));
  let current = -1;
  const seen = new Set();
  // Counts each event once per player; a second copy (e.g. a broadcast relayed twice by
  // the message queue) is an error, so duplicates cannot make up for a lost event.
  const once = (event, index) => {
    messages += 1;
    if (!(index >= 0 && index < cfg.questions)) { fail('unexpected', `${label} ${event} index ${index}`); return false; }
    const key = `${event}:${index}`;
    if (seen.has(key)) { fail('duplicate', `${label} ${key}`); return false; }
    seen.add(key);
    return true;
  };
  s.on('question:start', (m) => {
    const t = now();
    if (!once('question:start', m.index)) return;
    current = m.index;
    room.startAt[m.index].push(t - room.emitAt[m.index]);
    room.started[m.index].add();
    // Answer right after this batch of incoming messages: receipts of the same broadcast
    // are then timestamped before this process spends time sending answers.
    setImmediate(() => {
      const sent = now();
      room.lastSent[m.index] = Math.max(room.lastSent[m.index], sent);
      call(s, 'player:answer', { index: m.index, answer: 0 }).then((ack) => {
        const at = now();
        if (!ack.ok) return fail('answer_error', `${label}: ${JSON.stringify(ack.error)}`);
        samples.ack.push(at - sent);
        room.lastAck[m.index] = Math.max(room.lastAck[m.index], at);
        room.acked[m.index].add();
      }, (e) => fail('answer_timeout', `${label}: ${e.message}`));
    });
  });
  s.on('question:end', (m) => {
    const t = now();
    if (!once('question:end', m.index)) return;
    room.lastEnd[m.index] = Math.max(room.lastEnd[m.index], t);
    room.ended[m.index].add();
  });
  s.on('player:result', (m) => { if (once('player:result', m.index)) room.results[m.index].add(); });
  s.on('leaderboard:update', () => {
    if (current < 0) return fail('unexpected', `${label}: leaderboard:update before any question`);
    if (once('leaderboard:update', current)) room.boards[current].add();
  });
  s.on('game:over', () => { if (once('game:over', cfg.questions - 1)) room.over.add(); });
  // zero-padded: QuizRoom's leetspeak-aware profanity filter refuses e.g. "bot 0 455"
  const nickname = `guest${String(room.r).padStart(2, '0')}${String(i).padStart(4, '0')}`;
  const ack = await call(s, 'player:join', { pin: room.pin, nickname });
  if (!ack.ok) throw new Error(`${label} player:join: ${JSON.stringify(ack.error)}`);
  room.players.push(s);
}

async function pool(tasks, width) {
  let next = 0;
  let stop = false; // after the first failure: the run has failed, do not wait out every timeout
  const worker = async () => {
    while (next < tasks.length && !stop) {
      const task = tasks[next++];
      try { await task(); } catch (e) {
        stop = true;
        fail(/connect/.test(e.message) ? 'connect_error' : 'join_error', e.message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
}

async function playRoom(room) {
  const n = cfg.players;
  try {
    for (let q = 0; q <= cfg.questions; q++) {
      room.emitAt[q] = now();
      const ack = await call(room.host, q === 0 ? 'host:start' : 'host:next', { pin: room.pin });
      if (!ack.ok) throw new Error(`host action ${q}: ${JSON.stringify(ack.error)}`);
      if (q === cfg.questions) break;
      await room.started[q].wait(n, `question:start ${q}`);
      await room.ended[q].wait(n, `question:end ${q}`);
      await room.results[q].wait(n, `player:result ${q}`);
      await room.boards[q].wait(n, `leaderboard:update ${q}`);
      await room.acked[q].wait(n, `player:answer ack ${q}`);
      samples.fanout.push(...room.startAt[q]);
      samples.fanoutLast.push(Math.max(...room.startAt[q]));
      samples.endLag.push(room.lastEnd[q] - room.lastAck[q]);
      samples.endFromSent.push(room.lastEnd[q] - room.lastSent[q]);
    }
    await room.over.wait(n, 'game:over');
  } catch (e) {
    fail('timeout', `room ${room.r}: ${e.message}`);
  }
}

function pct(values, p) {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const median = (v) => pct(v, 50);

let result = { config: cfg };
function finish(extra) {
  clearTimeout(hardStop);
  closing = true;
  for (const s of sockets) s.disconnect();
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  Object.assign(result, extra || {}, { errors, error_count: errorCount, error_samples: errorSamples,
    ok: errorCount === 0 && !!extra });
  process.stdout.write(JSON.stringify(result) + '\n');
  setTimeout(() => process.exit(0), 200);
}

async function main() {
  const rooms = Array.from({ length: cfg.rooms }, (_, r) => makeRoom(r));
  const idle = serverStats();
  for (const room of rooms) await createRoom(room);
  log(`${cfg.rooms} room(s) created; joining ${cfg.rooms * cfg.players} players`);
  const joinCpu = serverStats();
  const t0 = now();
  const tasks = [];
  // Players alternate between servers; rooms interleave so every room fills at the same pace.
  for (let i = 0; i < cfg.players; i++) {
    for (const room of rooms) {
      const k = tasks.length;
      tasks.push(() => joinPlayer(room, i, cfg.urls[k % cfg.urls.length], k));
    }
  }
  await pool(tasks, cfg.concurrency);
  const joinMs = now() - t0;
  const joined = serverStats();
  log(`joined in ${joinMs.toFixed(0)} ms; errors so far ${JSON.stringify(errors)}`);
  const joinedCount = rooms.reduce((sum, room) => sum + room.players.length, 0);
  if (Object.keys(errors).length) return finish({ join_ms: joinMs, players_joined: joinedCount });

  messages = 0;
  // The load generator's own load: if its loop lags, latencies include its queueing.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const ownBefore = process.cpuUsage();
  const gameStart = now();
  const before = serverStats();
  await Promise.all(rooms.map(playRoom));
  const after = serverStats();
  loop.disable();
  const own = process.cpuUsage(ownBefore);
  const gameMs = now() - gameStart;
  log(`game over; ${messages} messages; errors ${JSON.stringify(errors)}`);
  finish({
    join_ms: joinMs,
    fanout_p50: median(samples.fanout), fanout_p99: pct(samples.fanout, 99),
    fanout_last: median(samples.fanoutLast), fanout_max: pct(samples.fanout, 100),
    ack_p50: median(samples.ack), ack_p99: pct(samples.ack, 99),
    end_lag: median(samples.endLag), end_lag_max: pct(samples.endLag, 100),
    end_from_sent: median(samples.endFromSent),
    samples: { fanout: samples.fanout.length, ack: samples.ack.length },
    messages, players_joined: joinedCount,
    join_cpu_ms: joined.cpu_ms - joinCpu.cpu_ms, game_cpu_ms: after.cpu_ms - before.cpu_ms,
    redis_join_cpu_ms: cfg.redis_pid ? joined.redis_cpu_ms - joinCpu.redis_cpu_ms : null,
    redis_game_cpu_ms: cfg.redis_pid ? after.redis_cpu_ms - before.redis_cpu_ms : null,
    broadcasts: rooms.length * (3 * cfg.questions + 1),
    rss_idle_kb: idle.rss_kb, rss_kb: after.rss_kb, game_ms: gameMs,
    loadgen_busy: (own.user + own.system) / 1000 / gameMs, loadgen_lag_p99: loop.percentile(99) / 1e6,
  });
}

main().catch((e) => { fail('fatal', e.message); finish(null); });
