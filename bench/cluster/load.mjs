// The cluster drill's writers and event subscribers, through the load balancer (no dependencies):
//   node bench/cluster/load.mjs base=http://127.0.0.1:PORT token=<bearer> out=<result.json> from=<event id>
//        subscribers=500 writers=4 tag=<drill name>
// Writers: each loops POST /articles with an Idempotency-Key (a failed POST, no answer or 503/409, is sent again
// with the same key and body until it is answered 201), then PATCH /articles/{id} with If-Match: the ETag of the
// 201 (sent again with the same If-Match after no answer or 503; a 412 then means the first one may have applied).
// Every acknowledged write (201, 200) is recorded with the version of its ETag ("v<version>").
// Subscribers: GET /articles/events from Last-Event-ID `from`, reconnecting (after 200-400 ms) with the last id
// received whenever a stream ends or fails; every event id received is kept.
// On SIGTERM: the writers stop, the subscribers are given until every one is connected and no event has come for
// 2 s (at most 30 s); then <out>.ready is written and the program waits for <out>.expected (the event ids the
// database holds after `from`, one a line) and <out>.stored ("id version" of the articles, one a line), and writes
// <out>: failed requests (any answer other than 2xx, 503, 409, 412, or none: a refused, reset or closed
// connection), acknowledged writes lost, per subscriber events missed, duplicated, out of order, and every
// interval during which not all subscribers were connected (how long until all were back).
import http from 'node:http';
import fs from 'node:fs';

const opt = Object.fromEntries(process.argv.slice(2).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
const base = new URL(opt.base);
const SUBSCRIBERS = Number(opt.subscribers ?? 500);
const WRITERS = Number(opt.writers ?? 4);
const FROM = Number(opt.from ?? 0);
const TAG = opt.tag ?? 'drill';
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const T0 = now();
let stopping = false;

// ------------------------------------------------------------------------------------------------ writers
const agent = new http.Agent({ keepAlive: true, maxSockets: WRITERS });
const statuses = {};
const failures = [];
const acknowledged = new Map(); // article id -> highest acknowledged version
let ackPosts = 0;
let ackPatches = 0;

function request(method, path, headers, body) {
  return new Promise((resolve) => {
    const started = now();
    const done = (status, res, text) => {
      statuses[`${method} ${status}`] = (statuses[`${method} ${status}`] || 0) + 1;
      const documented = status === 503 || status === 409 || status === 412;
      if (!(status >= 200 && status < 300) && !documented) {
        failures.push({ t: Math.round(started - T0), method, path, status, detail: text?.slice(0, 200) });
      }
      resolve({ status, headers: res?.headers ?? {}, text });
    };
    const req = http.request({
      host: base.hostname, port: base.port, method, path, agent, timeout: 30000,
      headers: { Authorization: `Bearer ${opt.token}`, 'Content-Type': 'application/json', ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done(res.statusCode, res, Buffer.concat(chunks).toString()));
      res.on('error', (e) => done(0, null, String(e)));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => done(0, null, String(e)));
    req.end(JSON.stringify(body));
  });
}

const version = (etag) => Number(/"v(\d+)"/.exec(etag ?? '')?.[1] ?? 0);
const retryable = (s) => s === 0 || s === 503 || s === 409;

// Read-your-writes: right after a PATCH, the writer reads the article with the write's Read-After position (the
// cookie's value, sent as the header) through the balancer, so on any instance: an older ETag is a stale read, and
// must never happen. A reader without it may get the older version (a replica behind, within DATABASE_READ_MAX_LAG):
// counted, to show how often the replicas serve reads that lag.
const readsAfterWrite = { writer: 0, writerStale: 0, other: 0, otherStale: 0, failed: 0 };

async function readBack(id, patched) {
  const cookie = [].concat(patched.headers['set-cookie'] ?? []).find((c) => c.startsWith('Read-After='));
  const position = cookie ? cookie.slice('Read-After='.length).split(';')[0] : null;
  const want = version(patched.headers.etag);
  for (const [who, headers] of [['writer', position ? { 'Read-After': position } : {}], ['other', {}]]) {
    const r = await request('GET', `/articles/${id}`, headers);
    if (r.status !== 200) {
      readsAfterWrite.failed++;
      continue;
    }
    readsAfterWrite[who]++;
    if (version(r.headers.etag) < want) readsAfterWrite[`${who}Stale`]++;
  }
}

async function writer(w) {
  for (let i = 0; !stopping; i++) {
    const key = `cluster-${TAG}-${process.pid}-${w}-${i}`;
    const body = { title: `Cluster ${TAG} ${w}-${i}`, content: 'Written during a cluster drill' };
    let r;
    for (let attempt = 0; attempt < 200; attempt++) { // the same key and body until answered (at most ~40 s)
      r = await request('POST', '/articles', { 'Idempotency-Key': key }, body);
      if (!retryable(r.status)) break;
      await sleep(200);
    }
    if (r.status !== 201) continue;
    const id = JSON.parse(r.text).id;
    acknowledged.set(id, version(r.headers.etag));
    ackPosts++;
    const etag = r.headers.etag;
    for (let attempt = 0; attempt < 200; attempt++) {
      const p = await request('PATCH', `/articles/${id}`, { 'If-Match': etag }, { title: `Patched ${TAG} ${w}-${i}` });
      if (p.status === 200) {
        acknowledged.set(id, version(p.headers.etag));
        ackPatches++;
        await readBack(id, p);
        break;
      }
      if (!retryable(p.status)) break; // 412 after a lost answer: the first one applied, or another did
      await sleep(200);
    }
  }
}

// ------------------------------------------------------------------------------------------------ subscribers
const subs = [];
let connected = 0;
let lastEventAt = now();
const outages = []; // [start ms, end ms] while fewer than all subscribers were connected
let outageStart = null;
let refused = 0; // a connection attempt that got no stream (refused, reset, or a non-200 answer)
let reconnects = 0;

function setConnected(s, value) {
  if (s.connected === value) return;
  s.connected = value;
  connected += value ? 1 : -1;
  if (!value && outageStart === null && s.everConnected) outageStart = now();
  if (value && connected === SUBSCRIBERS && outageStart !== null) {
    outages.push([Math.round(outageStart - T0), Math.round(now() - T0)]);
    outageStart = null;
  }
}

function subscribe(s) {
  if (s.closed) return;
  const req = http.get({
    host: base.hostname, port: base.port, path: '/articles/events', agent: false,
    headers: { Accept: 'text/event-stream', 'Last-Event-ID': String(s.last) },
  }, (res) => {
    if (res.statusCode !== 200) {
      refused++;
      res.resume();
      res.on('end', () => retry(s));
      return;
    }
    if (s.everConnected) reconnects++;
    s.everConnected = true;
    setConnected(s, true);
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk) => {
      buffer += chunk;
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const m = /^id:\s?(\d+)$/m.exec(block);
        if (!m) continue; // a heartbeat
        const id = Number(m[1]);
        lastEventAt = now();
        if (id <= s.last) {
          if (s.ids.includes(id)) s.duplicated++;
          else s.outOfOrder++;
          continue;
        }
        s.ids.push(id);
        s.last = id;
      }
    });
    res.on('end', () => { setConnected(s, false); retry(s); });
    res.on('error', () => {});
    res.on('close', () => { setConnected(s, false); retry(s); });
  });
  req.on('error', () => { refused++; setConnected(s, false); retry(s); });
  s.req = req;
}

function retry(s) {
  if (s.closed || s.pending) return;
  s.pending = true;
  setTimeout(() => { s.pending = false; subscribe(s); }, 200 + Math.random() * 200);
}

for (let i = 0; i < SUBSCRIBERS; i++) {
  const s = { last: FROM, ids: [], duplicated: 0, outOfOrder: 0, connected: false, everConnected: false, closed: false };
  subs.push(s);
  setTimeout(() => subscribe(s), i * 4); // opened over 2 s
}
const allUp = async (deadline) => {
  while (connected < SUBSCRIBERS && now() < deadline) await sleep(50);
  return connected === SUBSCRIBERS;
};
await allUp(now() + 60000);
console.error(`[cluster ${TAG}] ${connected} subscribers connected; writing`);
fs.writeFileSync(`${opt.out}.started`, String(Math.round(now() - T0)));

const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
await new Promise((r) => process.once('SIGTERM', r));
stopping = true;
await Promise.all(writers);
const settleDeadline = now() + 30000;
while (now() < settleDeadline && (connected < SUBSCRIBERS || now() - lastEventAt < 2000)) await sleep(100);
fs.writeFileSync(`${opt.out}.ready`, '');
while (!fs.existsSync(`${opt.out}.expected`) || !fs.existsSync(`${opt.out}.stored`)) await sleep(100);
await sleep(200);
const expected = fs.readFileSync(`${opt.out}.expected`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const stored = new Map(fs.readFileSync(`${opt.out}.stored`, 'utf8').trim().split('\n').filter(Boolean)
  .map((l) => l.split(/\s+/).map(Number)));
let lost = 0;
for (const [id, v] of acknowledged) if (!stored.has(id) || stored.get(id) < v) lost++;
let missed = 0;
let subscribersMissing = 0;
for (const s of subs) {
  const got = new Set(s.ids);
  const m = expected.filter((id) => !got.has(id)).length;
  missed += m;
  if (m) subscribersMissing++;
}
const result = {
  tag: TAG, subscribers: SUBSCRIBERS, connectedAtEnd: connected, events: expected.length,
  acknowledgedPosts: ackPosts, acknowledgedPatches: ackPatches, acknowledgedArticles: acknowledged.size, lost,
  requests: Object.values(statuses).reduce((a, b) => a + b, 0), statuses, failed: failures.length,
  failures: failures.slice(0, 20), missed, subscribersMissing,
  duplicated: subs.reduce((a, s) => a + s.duplicated, 0), outOfOrder: subs.reduce((a, s) => a + s.outOfOrder, 0),
  reconnects, refused, readsAfterWrite,
  outages: outages.concat(outageStart === null ? [] : [[Math.round(outageStart - T0), null]]),
  allBackMs: outages.map(([a, b]) => b - a),
};
fs.writeFileSync(opt.out, JSON.stringify(result, null, 1));
for (const s of subs) { s.closed = true; s.req?.destroy(); }
agent.destroy();
process.exit(0);
