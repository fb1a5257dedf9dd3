// The c10k load: many connections held on one server while wrk runs, from one Node process (no dependencies).
//   node bench/c10k/clients.mjs events key=value...   event subscribers (GET /articles/events), posts timed to them
//   node bench/c10k/clients.mjs idle key=value...     idle keep-alive connections (one GET /articles/{id} each)
// Keys: base=http://127.0.0.1:PORT pid=<server pid> out=<result.json> connections=<held> wrkConnections=256
//   seconds=<per wrk run> warmup=<s of wrk -c64 first> maxId=<highest article id for wrk> sources=<127.0.0.x count>
//   events only: posts=100 interval=200 (ms) token=<bearer> category=<id> settle=<s to wait for the last events>
//   warmupPosts=<posts sent to the subscribers, not measured, before the measured phases>
//   gcLog=<the server's -Xlog:gc file>: its pauses per phase
//
// events: wrk alone (baseline), then the subscribers opened in waves (each counts once its response started: the
// first heartbeat), a few posts to warm up, wrk with them held, wrk again while `posts` POST /articles go out `interval` ms apart, every
// subscriber's arrival of every article-created event recorded (process.hrtime: one monotonic clock for the 201
// and the arrivals), then the subscribers closed and wrk alone again.
// idle: wrk alone, then the idle connections opened (each sends one GET /articles/{id}, reads the whole answer and
// keeps the connection), wrk with them held, then each sends a second GET on its connection (it must still work).
// Live heap (jcmd GC.class_histogram, a full GC) after the first wrk run and with the connections held, once the
// measuring is done. Throughout: the server's resident memory every 250 ms, and the cores used per phase by the server, the database
// (db=<postmaster pid> and its descendants), this process and the whole machine.
import net from 'node:net';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mode = process.argv[2];
const opt = Object.fromEntries(process.argv.slice(3).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
const base = new URL(opt.base);
const HOST = base.hostname;
const PORT = Number(base.port);
const PID = Number(opt.pid);
const DB_PID = Number(opt.db ?? 0); // the database's postmaster (its processes and their descendants are counted)
const HELD = Number(opt.connections ?? 9744);
const WRK_CONNECTIONS = Number(opt.wrkConnections ?? 256);
const SECONDS = Number(opt.seconds ?? 15);
const WARMUP = Number(opt.warmup ?? 0);
const MAX_ID = Number(opt.maxId ?? 20000);
const SOURCES = Number(opt.sources ?? 8);
const POSTS = Number(opt.posts ?? 100);
const INTERVAL = Number(opt.interval ?? 200);
const SETTLE = Number(opt.settle ?? 15);
const WARMUP_POSTS = Number(opt.warmupPosts ?? 20);
const OPEN_CONCURRENCY = Number(opt.openConcurrency ?? 200);
const OPEN_DEADLINE = Number(opt.openDeadline ?? 120); // s: what has not opened by then is given up on
const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLK_TCK = 100; // USER_HZ on Linux

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, CLOCK_MONOTONIC
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error(`[c10k ${mode}]`, ...a);
// spread the client side over 127.0.0.2.. so that no source runs out of ephemeral ports (loopback only)
const source = (i) => (HOST === '127.0.0.1' && SOURCES > 0 ? `127.0.0.${2 + (i % SOURCES)}` : undefined);

// ---------------------------------------------------------------- the server's memory and everyone's CPU
const rss = { now: 0, peak: 0, phasePeak: 0 };
function readRss() {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${PID}/status`, 'utf8'));
    rss.now = Math.round(Number(m[1]) / 1024);
    rss.peak = Math.max(rss.peak, rss.now);
    rss.phasePeak = Math.max(rss.phasePeak, rss.now);
  } catch { /* gone */ }
}
const rssTimer = setInterval(readRss, 250);
function hwm() {
  try { return Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${PID}/status`, 'utf8'))[1]) / 1024); } catch { return null; }
}
function stat(p) { // [ppid, utime + stime ticks]
  try {
    const s = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return [Number(f[1]), Number(f[11]) + Number(f[12])];
  } catch { return null; } // gone
}
function descendants(root) {
  const parent = new Map();
  for (const d of fs.readdirSync('/proc')) if (/^\d+$/.test(d)) parent.set(Number(d), stat(d)?.[0] ?? 0);
  const out = [];
  for (const p of parent.keys()) {
    for (let q = parent.get(p); q > 1; q = parent.get(q)) if (q === root) { out.push(p); break; }
  }
  return out;
}
function machineBusy() { // ticks of all CPUs not idle
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return f.slice(0, 8).reduce((a, b) => a + b, 0) - f[3] - f[4];
}
function cpuSnapshot() {
  return {
    t: now(), server: stat(PID)?.[1] ?? 0,
    db: new Map((DB_PID ? [DB_PID, ...descendants(DB_PID)] : []).map((p) => [p, stat(p)?.[1]]).filter(([, t]) => t != null)),
    client: process.cpuUsage(), machine: machineBusy(),
  };
}
// a backend that ended between two snapshots takes its last ticks with it; one that started counts from zero
const dbTicks = (a, b) => [...b.db].reduce((sum, [p, t]) => sum + t - (a.db.get(p) ?? 0), 0);
// the server's live heap (a full GC first): jcmd GC.class_histogram's total, in MB
// (asynchronous: this process's event loop goes on reading the held connections meanwhile)
function liveHeapMb() {
  return new Promise((resolve) => {
    const child = spawn('jcmd', [String(PID), 'GC.class_histogram'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill(), 60000);
    let out = '';
    child.stdout.on('data', (d) => { out = (out + d).slice(-4096); }); // the total is the last line
    child.on('error', () => {});
    child.on('close', () => {
      clearTimeout(timer);
      const m = /Total\s+\d+\s+(\d+)/.exec(out);
      resolve(m ? +(Number(m[1]) / 1048576).toFixed(1) : null);
    });
  });
}
function cores(a, b) { // cores used between two snapshots
  const s = (b.t - a.t) / 1000;
  const c = (x) => +(x / CLK_TCK / s).toFixed(2);
  return {
    server: c(b.server - a.server), db: c(dbTicks(a, b)),
    client: +(((b.client.user - a.client.user) + (b.client.system - a.client.system)) / 1e6 / s).toFixed(2),
    machine: c(b.machine - a.machine),
  };
}

// the largest delay of this process's event loop: when it is late, the arrival times it records are late too
const T0 = now();
const lag = { max: 0, late: [] }; // late: [ms since the start, ms late] of every wake-up more than 100 ms late
let lagLast = now();
const lagTimer = setInterval(() => {
  const t = now();
  const late = t - lagLast - 50;
  lag.max = Math.max(lag.max, late);
  if (late > 100 && lag.late.length < 1000) lag.late.push([Math.round(t - T0), Math.round(late)]);
  lagLast = t;
}, 50);

// the server's pauses from its GC log (-Xlog:gc:file=<gcLog>), as it grew during a phase
const gcLogSize = () => { try { return fs.statSync(opt.gcLog).size; } catch { return 0; } };
function gcSince(offset) {
  if (!opt.gcLog) return null;
  let text = '';
  try { text = fs.readFileSync(opt.gcLog).subarray(offset).toString('utf8'); } catch { return null; }
  const pauses = [...text.matchAll(/Pause (\w+).*? ([\d.]+)ms$/gm)].map((m) => [m[1], Number(m[2])]);
  return { pauses: pauses.length, pauseMs: Math.round(pauses.reduce((a, [, t]) => a + t, 0)),
    maxPauseMs: Math.round(Math.max(0, ...pauses.map(([, t]) => t))), full: pauses.filter(([k]) => k === 'Full').length,
    concurrentCycles: (text.match(/Concurrent Mark Cycle \d/g) ?? []).length };
}

const phases = [];
async function phase(name, fn) {
  log(`${name}...`);
  rss.phasePeak = rss.now;
  lag.max = 0;
  const g = gcLogSize();
  const a = cpuSnapshot();
  const result = await fn();
  const b = cpuSnapshot();
  readRss();
  const p = { name, ...result, seconds: +((b.t - a.t) / 1000).toFixed(1), rssPeakMb: rss.phasePeak, cores: cores(a, b),
    clientLagMaxMs: Math.round(lag.max), gc: gcSince(g) };
  phases.push(p);
  log(name, JSON.stringify(p, (k, v) => (k === 'answers' ? undefined : v)));
  return p;
}

// ---------------------------------------------------------------- wrk
function wrk(connections, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s',
      '-s', `${BENCH_DIR}/wrk/get.lua`, `http://${HOST}:${PORT}`], {
      env: { ...process.env, BENCH_DIR, PATH_TEMPLATE: '/articles/%d', MIN: '1', MAX: String(MAX_ID), AUTH: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try { if (os.getPriority() < 0) os.setPriority(child.pid, 0); } catch { /* as it is */ } // the load at the server's priority
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', () => {
      const m = /RESULT (.*)/.exec(out);
      if (!m) { resolve({ rps: 0, error: out.trim().slice(0, 300) }); return; } // e.g. the server is gone
      const r = Object.fromEntries(m[1].trim().split(' ').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
      resolve({ rps: r.rps, p50Ms: r.p50_ms, p99Ms: r.p99_ms, requests: r.requests, non2xx: r.non2xx, socketErrors: r.socket_errors });
    });
  });
}

async function openAll(n, concurrency, open) { // open(i) -> Promise, at most `concurrency` pending at once
  let next = 0;
  const deadline = now() + OPEN_DEADLINE * 1000;
  const worker = async () => { while (next < n && now() < deadline) await open(next++); };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

// ---------------------------------------------------------------- event subscribers
const HEAD_END = Buffer.from('\r\n\r\n');
const MARK = Buffer.from('data:{"id":'); // an article-created event's data: the article, its id first
const EMPTY = Buffer.alloc(0);

class Subscriber {
  constructor(i, onEvent) {
    Object.assign(this, { i, onEvent, head: EMPTY, chunked: false, chunkLeft: 0, skip: 0, sizeLine: EMPTY, tail: EMPTY,
      status: 0, started: false, closedByUs: false, dropped: null, events: 0 });
  }

  open() {
    return new Promise((resolve) => {
      let settled = false;
      const done = (v) => { if (!settled) { settled = true; clearTimeout(timer); resolve(v); } };
      const timer = setTimeout(() => { this.dropped ??= 'no first heartbeat within 30 s'; this.sock.destroy(); done(); }, 30000);
      this.sock = net.connect({ host: HOST, port: PORT, localAddress: source(this.i) }, () => {
        this.sock.write(`GET /articles/events HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\nAccept: text/event-stream\r\n\r\n`);
      });
      this.sock.setNoDelay(true);
      this.sock.on('data', (b) => {
        if (this.status === 0) {
          b = this.headers(b);
          if (b === null) { if (this.status !== 0 && this.status !== 200) done(); return; }
        }
        this.body(b);
        if (!this.started && this.status === 200) { this.started = true; done(); }
      });
      this.sock.on('error', (e) => { this.dropped ??= e.code ?? e.message; });
      this.sock.on('close', () => { if (!this.closedByUs) this.dropped ??= this.started ? 'closed by the server' : `status ${this.status}`; done(); });
    });
  }

  headers(b) { // -> the body bytes after the headers, or null while they are incomplete (or the status is not 200)
    const all = this.head.length ? Buffer.concat([this.head, b]) : b;
    const end = all.indexOf(HEAD_END);
    if (end < 0) { this.head = Buffer.from(all); return null; }
    const text = all.subarray(0, end).toString('latin1');
    this.status = Number(text.slice(9, 12));
    this.chunked = /\r\ntransfer-encoding:\s*chunked/i.test(text);
    this.head = EMPTY;
    if (this.status !== 200) { this.dropped = `status ${this.status}`; this.closedByUs = true; this.sock.destroy(); return null; }
    return all.subarray(end + 4);
  }

  body(b) { // undoes the chunked transfer coding
    if (!this.chunked) { this.sse(b); return; }
    let p = 0;
    while (p < b.length) {
      if (this.chunkLeft > 0) {
        const n = Math.min(this.chunkLeft, b.length - p);
        this.sse(b.subarray(p, p + n));
        this.chunkLeft -= n; p += n;
        if (this.chunkLeft === 0) this.skip = 2;
      } else if (this.skip > 0) {
        const n = Math.min(this.skip, b.length - p);
        this.skip -= n; p += n;
      } else {
        const nl = b.indexOf(10, p);
        if (nl < 0) { this.sizeLine = Buffer.concat([this.sizeLine, b.subarray(p)]); return; }
        const line = Buffer.concat([this.sizeLine, b.subarray(p, nl)]).toString('latin1');
        this.sizeLine = EMPTY; p = nl + 1;
        const size = parseInt(line, 16);
        if (size === 0) this.dropped ??= 'stream ended by the server';
        else if (size > 0) this.chunkLeft = size;
      }
    }
  }

  sse(d) { // finds `data:{"id":<n>` in the event stream, across reads
    const buf = this.tail.length ? Buffer.concat([this.tail, d]) : d;
    let from = 0;
    for (;;) {
      const m = buf.indexOf(MARK, from);
      if (m < 0) break;
      let q = m + MARK.length;
      let id = 0;
      while (q < buf.length && buf[q] >= 48 && buf[q] <= 57) id = id * 10 + (buf[q++] - 48);
      if (q === buf.length) { this.tail = Buffer.from(buf.subarray(m)); return; } // the id may go on in the next read
      this.events++;
      this.onEvent(this, id);
      from = q;
    }
    this.tail = Buffer.from(buf.subarray(Math.max(from, buf.length - (MARK.length - 1))));
  }

  close() { this.closedByUs = true; this.sock?.destroy(); }
}

function post(agent, token, k, category) {
  const body = JSON.stringify({
    title: `c10k ${k}`, categoryIds: [category],
    content: `An article posted while ${HELD} clients listen. `.repeat(12),
  });
  return new Promise((resolve) => {
    const sent = now();
    const req = http.request({ host: HOST, port: PORT, method: 'POST', path: '/articles', agent, timeout: 10000,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` } },
    (res) => {
      const answered = now();
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let id = null;
        try { id = JSON.parse(Buffer.concat(chunks).toString()).id; } catch { /* not an article */ }
        resolve({ k, sent, answered, status: res.statusCode, id });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ k, sent, answered: now(), status: 0, id: null, error: e.message }));
    req.end(body);
  });
}

// live heap (after a full GC) without and with the held connections, and the difference per connection
const liveHeap = (without, withHeld) => ({ withoutMb: without, withMb: withHeld,
  perConnectionKb: without != null && withHeld != null ? +(((withHeld - without) * 1024) / HELD).toFixed(1) : null });
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const r1 = (v) => (v == null || !Number.isFinite(v) ? v : Math.round(v * 10) / 10);

async function events() {
  if (WARMUP > 0) await phase('warm-up: wrk -c64', () => wrk(64, WARMUP));
  const before = await phase('wrk alone (before)', () => wrk(WRK_CONNECTIONS, SECONDS));
  const heapWithout = await liveHeapMb();

  // arrivals[articleId] = times (ms) at which each subscriber got its event
  const arrivals = new Map();
  const subs = Array.from({ length: HELD }, (_, i) => new Subscriber(i, (s, id) => {
    let a = arrivals.get(id);
    if (!a) { a = []; arrivals.set(id, a); }
    a.push(now());
  }));
  const opened = await phase(`${HELD} subscribers opening`, async () => {
    const t = now();
    await openAll(HELD, OPEN_CONCURRENCY, (i) => subs[i].open());
    const ok = subs.filter((s) => s.started && !s.dropped).length;
    const statuses = {};
    for (const s of subs) {
      const why = s.started ? null : s.sock ? s.dropped : `not tried: ${OPEN_DEADLINE} s of opening were up`;
      if (why) statuses[why] = (statuses[why] ?? 0) + 1;
    }
    return { open: ok, failed: statuses, openSeconds: +((now() - t) / 1000).toFixed(1) };
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  // the first POST /articles and the first events through the fan-out run cold code (seconds each on two shared
  // cores): a few posts, not measured, before anything is
  let warmupCreated = 0;
  await phase(`warm-up: ${WARMUP_POSTS} posts to the subscribers`, async () => {
    const end = now() + WARMUP_POSTS * INTERVAL + 30000;
    for (let k = 0; k < WARMUP_POSTS && now() < end; k++) {
      if ((await post(agent, opt.token, -1 - k, Number(opt.category ?? 1))).status === 201) warmupCreated++;
      await sleep(INTERVAL);
    }
    await sleep(2000);
    return {};
  });
  const held = await phase('wrk, subscribers held', () => wrk(WRK_CONNECTIONS, SECONDS));

  const postSeconds = Math.ceil((POSTS * INTERVAL) / 1000);
  const postAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const posting = await phase(`wrk, ${POSTS} posts to the subscribers`, async () => {
    const load = wrk(WRK_CONNECTIONS, postSeconds + 4);
    await sleep(2000);
    // on a schedule, whether or not the earlier posts have been answered (a slow answer does not delay the next)
    const sent = [];
    const t0 = now();
    for (let k = 0; k < POSTS; k++) {
      const wait = t0 + k * INTERVAL - now();
      if (wait > 0) await sleep(wait);
      sent.push(post(postAgent, opt.token, k, Number(opt.category ?? 1)));
    }
    const answers = await Promise.all(sent);
    const w = await load;
    return { ...w, answers };
  });
  agent.destroy();
  postAgent.destroy();
  const answers = posting.answers;
  delete posting.answers;

  // the last events may still be on their way to some subscribers
  const live = () => subs.filter((s) => s.started && !s.dropped).length;
  const ids = answers.filter((a) => a.status === 201).map((a) => a.id);
  const complete = () => ids.every((id) => (arrivals.get(id)?.length ?? 0) >= live());
  for (const end = now() + SETTLE * 1000; !complete() && now() < end;) await sleep(100);
  const heapWith = await liveHeapMb();

  const delivered = live();
  const createdInAll = warmupCreated + ids.length;
  const liveSubs = subs.filter((s) => s.started && !s.dropped);
  const perPost = answers.map((a) => {
    const times = (arrivals.get(a.id) ?? []).slice().sort((x, y) => x - y);
    const all = a.status === 201 && times.length >= delivered;
    return {
      k: a.k, id: a.id, status: a.status, atMs: Math.round(a.sent - T0), postMs: r1(a.answered - a.sent), reached: times.length,
      firstMs: times.length ? r1(times[0] - a.answered) : null,
      medianMs: times.length ? r1(pct(times, 50) - a.answered) : null,
      allMs: all ? r1(times[times.length - 1] - a.answered) : null,
    };
  });
  const allMs = perPost.map((p) => (p.allMs == null ? Infinity : p.allMs)).sort((x, y) => x - y);
  const deliveries = [];
  for (const a of answers) for (const t of arrivals.get(a.id) ?? []) deliveries.push(t - a.answered);
  deliveries.sort((x, y) => x - y);
  const fanOut = {
    posts: answers.length, created: ids.length, subscribers: opened.open, subscribersAtEnd: delivered,
    deliveries: deliveries.length, expectedDeliveries: ids.length * opened.open,
    toAllP50Ms: r1(pct(allMs, 50)), toAllP99Ms: r1(pct(allMs, 99)), toAllMaxMs: r1(allMs[allMs.length - 1]),
    deliveryP50Ms: r1(pct(deliveries, 50)), deliveryP99Ms: r1(pct(deliveries, 99)),
    firstP50Ms: r1(pct(perPost.map((p) => p.firstMs ?? Infinity).sort((x, y) => x - y), 50)),
    postP99Ms: r1(pct(perPost.map((p) => p.postMs).sort((x, y) => x - y), 99)),
    // every event exactly once: each live subscriber got the same number of article-created events, at least one per
    // 201 (a post whose answer did not come within the client's 10 s may have been created all the same)
    eventsPerSubscriber: liveSubs.length ? [Math.min(...liveSubs.map((s) => s.events)), Math.max(...liveSubs.map((s) => s.events))] : [],
    created201InAll: createdInAll,
    missing: ids.length * delivered - ids.reduce((n, id) => n + Math.min(delivered, arrivals.get(id)?.length ?? 0), 0),
  };
  log('fan-out', JSON.stringify(fanOut));

  const dropped = {};
  for (const s of subs) if (s.started && s.dropped) dropped[s.dropped] = (dropped[s.dropped] ?? 0) + 1;
  for (const s of subs) s.close();
  await sleep(3000);
  const after = await phase('wrk alone (after)', () => wrk(WRK_CONNECTIONS, SECONDS));
  return { before, opened, held, posting, after, fanOut, perPost, dropped, liveHeap: liveHeap(heapWithout, heapWith),
    droppedStreams: Object.values(dropped).reduce((a, b) => a + b, 0) };
}

// ---------------------------------------------------------------- idle keep-alive connections
class IdleConnection {
  constructor(i) { Object.assign(this, { i, buf: EMPTY, closedByUs: false, dropped: null, pending: null }); }

  connect() {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.dropped ??= 'not connected within 30 s'; this.sock.destroy(); }, 30000);
      this.sock = net.connect({ host: HOST, port: PORT, localAddress: source(this.i) }, () => { clearTimeout(timer); resolve(); });
      this.sock.setNoDelay(true);
      this.sock.on('data', (b) => { this.buf = this.buf.length ? Buffer.concat([this.buf, b]) : b; this.check(); });
      this.sock.on('error', (e) => { this.dropped ??= e.code ?? e.message; this.finish(0); resolve(); });
      this.sock.on('close', () => { if (!this.closedByUs) this.dropped ??= 'closed by the server'; this.finish(0); resolve(); });
    });
  }

  get() { // one GET /articles/{id}; resolves with its status once the whole answer is in (0: none within 30 s)
    if (this.dropped) return Promise.resolve(0);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.dropped ??= 'no answer within 30 s'; this.finish(0); }, 30000);
      this.pending = (status) => { clearTimeout(timer); resolve(status); };
      this.sock.write(`GET /articles/${1 + (this.i % MAX_ID)} HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\n\r\n`);
    });
  }

  check() {
    const end = this.buf.indexOf(HEAD_END);
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const whole = length ? this.buf.length >= end + 4 + Number(length[1])
      : this.buf.subarray(this.buf.length - 5).toString('latin1') === '0\r\n\r\n';
    if (whole) { this.buf = EMPTY; this.finish(Number(head.slice(9, 12))); }
  }

  finish(status) { const p = this.pending; this.pending = null; p?.(status); }
  close() { this.closedByUs = true; this.sock?.destroy(); }
}

async function idle() {
  if (WARMUP > 0) await phase('warm-up: wrk -c64', () => wrk(64, WARMUP));
  const before = await phase('wrk alone (before)', () => wrk(WRK_CONNECTIONS, SECONDS));
  const heapWithout = await liveHeapMb();
  const conns = Array.from({ length: HELD }, (_, i) => new IdleConnection(i));
  const statuses = {};
  const opened = await phase(`${HELD} idle connections opening`, async () => {
    const t = now();
    await openAll(HELD, OPEN_CONCURRENCY, async (i) => {
      await conns[i].connect();
      const s = await conns[i].get();
      statuses[s] = (statuses[s] ?? 0) + 1;
    });
    return { open: conns.filter((c) => !c.dropped).length, statuses, openSeconds: +((now() - t) / 1000).toFixed(1) };
  });
  await sleep(2000);
  const held = await phase('wrk, idle connections held', () => wrk(WRK_CONNECTIONS, SECONDS));
  const again = {};
  await openAll(HELD, OPEN_CONCURRENCY, async (i) => { const s = await conns[i].get(); again[s] = (again[s] ?? 0) + 1; });
  const heapWith = await liveHeapMb();
  const dropped = {};
  for (const c of conns) if (c.dropped) dropped[c.dropped] = (dropped[c.dropped] ?? 0) + 1;
  for (const c of conns) c.close();
  return { before, opened, held, secondGet: again, dropped, liveHeap: liveHeap(heapWithout, heapWith),
    droppedConnections: Object.values(dropped).reduce((a, b) => a + b, 0) };
}

const result = mode === 'events' ? await events() : mode === 'idle' ? await idle() : null;
if (!result) { console.error('usage: node clients.mjs events|idle key=value...'); process.exit(2); }
clearInterval(rssTimer);
clearInterval(lagTimer);
fs.writeFileSync(opt.out, JSON.stringify({ mode, connections: HELD, wrkConnections: WRK_CONNECTIONS, seconds: SECONDS,
  rssPeakMb: rss.peak, rssHwmMb: hwm(), clientLate: lag.late, serverAlive: fs.existsSync(`/proc/${PID}`), phases, ...result }, null, 1));
log(`written: ${opt.out}`);
