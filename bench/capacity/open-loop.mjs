// An open-loop load: requests leave at a fixed rate whether the server keeps up or not, and each latency is timed
// from the moment its request was due (not from when a free connection sent it), so a server that falls behind
// shows it in the latency instead of slowing the load down (no coordinated omission, unlike wrk's closed loop).
//   node open-loop.mjs url=http://127.0.0.1:PORT uris=<file, one path a line> rate=<req/s> seconds=<n>
//                      [conns=256] [cookie=<Cookie header>] [warm=2]
// Prints one JSON line: {"rate", "due", "done", "non2xx", "errors", "p50_ms", "p99_ms"}; the first `warm` seconds are
// sent but not counted. Requests still unanswered 5 s after the end count as errors.
import fs from 'node:fs';
import http from 'node:http';

const opt = Object.fromEntries(process.argv.slice(2).map((a) => a.split(/=(.*)/s).slice(0, 2)));
const base = new URL(opt.url);
const paths = fs.readFileSync(opt.uris, 'utf8').split('\n').filter(Boolean);
const rate = Number(opt.rate);
const seconds = Number(opt.seconds);
const warm = Number(opt.warm ?? 2);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(opt.conns ?? 256) });
const headers = opt.cookie ? { Cookie: opt.cookie } : {};
const now = () => Number(process.hrtime.bigint()) / 1e6;

const latencies = [];
let due = 0, done = 0, non2xx = 0, errors = 0, outstanding = 0, sent = 0;
const start = now() + 50;
const total = Math.floor(rate * (warm + seconds));

function send(i, at) {
  const counted = i >= rate * warm;
  if (counted) due++;
  outstanding++;
  const req = http.request({ host: base.hostname, port: base.port, path: paths[i % paths.length], agent, headers },
    (res) => {
      res.resume();
      res.on('end', () => {
        outstanding--;
        if (!counted) return;
        done++;
        latencies.push(now() - at);
        if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
      });
    });
  req.on('error', () => { outstanding--; if (counted) errors++; });
  req.end();
}

await new Promise((resolve) => {
  const tick = () => {
    const t = now();
    while (sent < total && start + (sent * 1000) / rate <= t) {
      send(sent, start + (sent * 1000) / rate);
      sent++;
    }
    if (sent < total) setTimeout(tick, 1); else resolve();
  };
  tick();
});
const deadline = now() + 5000;
while (outstanding > 0 && now() < deadline) await new Promise((r) => setTimeout(r, 20));
errors += due - done - errors; // still unanswered
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] : 1e9);
console.log(JSON.stringify({ rate, due, done, non2xx, errors, p50_ms: +pct(0.5).toFixed(1), p99_ms: +pct(0.99).toFixed(1) }));
agent.destroy();
process.exit(0);
