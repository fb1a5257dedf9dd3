// A load that records every answer: node bench/faults/probe.mjs <baseUrl> <token> <seconds> <concurrency> <out.jsonl> [counts]
// Each worker loops over GET /articles?limit=5 (two of three) and POST /articles (one of three) until the time is
// up, and writes one line per request: {t: start ms since the probe began, ms: latency, status, kind, id}; with
// "counts", only one line at the end: the number of answers per status.
// A request with no answer after 30 s counts as status 0 (no answer), as does a refused or reset connection.
import http from 'node:http';
import fs from 'node:fs';

const [base, token, seconds, concurrency, out, mode] = process.argv.slice(2);
const statuses = {};
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const stream = fs.createWriteStream(out);
const t0 = performance.now();
const end = t0 + Number(seconds) * 1000;
let n = 0;

function request(method, path, body) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({
      host: url.hostname, port: url.port, method, path, agent, timeout: 30000,
      headers: body ? { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } : {},
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let id = null;
        if (res.statusCode === 201) {
          try { id = JSON.parse(Buffer.concat(chunks).toString()).id; } catch { id = null; }
        }
        resolve({ t: started - t0, ms: performance.now() - started, status: res.statusCode, id });
      });
      res.on('error', () => resolve({ t: started - t0, ms: performance.now() - started, status: 0, id: null }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ t: started - t0, ms: performance.now() - started, status: 0, id: null }));
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

async function worker(w) {
  while (performance.now() < end) {
    const i = n++;
    const write = i % 3 === 0;
    const r = write
      ? await request('POST', '/articles', { title: `Fault probe ${w}-${i}`, content: 'Written under a fault' })
      : await request('GET', '/articles?limit=5');
    if (mode === 'counts') statuses[r.status] = (statuses[r.status] || 0) + 1;
    else stream.write(JSON.stringify({ ...r, kind: write ? 'write' : 'read' }) + '\n');
    if (r.status === 0) await new Promise((s) => setTimeout(s, 50)); // no busy loop on a refused connection
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, (_, w) => worker(w)));
if (mode === 'counts') stream.write(JSON.stringify(statuses) + '\n');
stream.end();
agent.destroy();
