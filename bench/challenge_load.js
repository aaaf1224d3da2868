// Load for a self-paced challenge: N players at once, each joining and playing every
// question on its own clock (open, think, answer), each request sent to the next
// server process in turn, so any process serves any player's clock. One JSON line out.
'use strict';
const http = require('http');

const cfg = { urls: ['http://127.0.0.1:5000'], code: '', players: 1000, questions: 5,
  think_ms: 1500, timeout_ms: 15000 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '').replace(/-/g, '_');
  const value = process.argv[i + 1];
  cfg[key] = key === 'urls' ? value.split(',') : key === 'code' ? value : Number(value);
}

// many loopback source addresses, as phones at home would be (the join limit is per address)
const address = (i) => `127.3.${Math.floor(i / 250)}.${1 + (i % 250)}`;
const samples = { join: [], open: [], answer: [] };
const errors = [];

function request(url, localAddress, token, body) {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const req = http.request(url, { method: 'POST', localAddress, timeout: cfg.timeout_ms, headers }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => (res.statusCode < 300 ? resolve(JSON.parse(text))
        : reject(new Error(`${url}: ${res.statusCode} ${text.slice(0, 200)}`))));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${url}: timeout`)));
    req.end(JSON.stringify(body));
  });
}

async function timed(kind, url, from, token, body) {
  const t0 = process.hrtime.bigint();
  const reply = await request(url, from, token, body);
  samples[kind].push(Number(process.hrtime.bigint() - t0) / 1e6);
  return reply;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function player(i) {
  const from = address(i);
  let k = i;
  const url = (path) => `${cfg.urls[(k++) % cfg.urls.length]}/api/challenges/${cfg.code}${path}`;
  await sleep(Math.random() * cfg.think_ms);  // arrivals spread over the first think time
  const { player_token: token } = await timed('join', url('/join'), from, null, { nickname: `p${i}` });
  let answered = 0;
  for (let q = 0; q < cfg.questions; q += 1) {
    await timed('open', url('/open'), from, token, { index: q });
    await sleep(cfg.think_ms / 2 + Math.random() * cfg.think_ms);
    await timed('answer', url('/answer'), from, token, { index: q, answer: i % 4 });
    answered += 1;
  }
  return answered;
}

function pct(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

(async () => {
  const t0 = Date.now();
  const done = await Promise.all(Array.from({ length: cfg.players }, (_, i) => player(i).catch((e) => {
    errors.push(e.message);
    return 0;
  })));
  const seconds = (Date.now() - t0) / 1000;
  const requests = samples.join.length + samples.open.length + samples.answer.length;
  const out = { players: cfg.players, questions: cfg.questions, servers: cfg.urls.length,
    answers: done.reduce((a, b) => a + b, 0), errors: errors.length, first_errors: errors.slice(0, 5),
    seconds: Math.round(seconds * 10) / 10, requests_per_s: Math.round(requests / seconds) };
  for (const [kind, values] of Object.entries(samples)) {
    out[kind] = { n: values.length, p50: pct(values, 50), p95: pct(values, 95), p99: pct(values, 99),
      max: pct(values, 100) };
  }
  console.log(JSON.stringify(out));
})();
