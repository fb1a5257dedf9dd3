// The c10k results as Markdown: node bench/c10k/report.mjs <events.json> <idle-api.json> [<idle-comparator.json>]
// The run's facts (commit, JVM, flags, ...) come from the environment (see run.sh).
import fs from 'node:fs';

const [eventsFile, idleApiFile, idleMvcFile] = process.argv.slice(2);
const read = (f) => (f && fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null);
const ev = read(eventsFile);
const idleApi = read(idleApiFile);
const idleMvc = read(idleMvcFile);
const env = process.env;

const n = (v, d = 0) => (v == null || !Number.isFinite(v) ? String(v) : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const ms = (v) => (v == null ? 'none' : !Number.isFinite(v) ? 'not all reached' : v >= 1000 ? `${n(v / 1000, 2)} s` : `${n(v, 0)} ms`);
const yes = (b) => (b ? 'yes' : 'no');
const ratio = (a, b) => a / b;
const out = [];
const p = (s = '') => out.push(s);

const held = ev.connections;
const base = (ev.before.rps + ev.after.rps) / 2;
const f = ev.fanOut;
const rssMax = Math.max(ev.rssHwmMb ?? 0, ev.rssPeakMb, idleApi?.rssPeakMb ?? 0);

p(`# c10k ${env.STAMP}`);
p();
p(`- commit: \`${env.COMMIT}\`; ${env.CORES} cores, ${env.MEMORY}; the API, its embedded PostgreSQL, wrk and the Node clients share them (and so did other work on the machine)`);
p(`- JVM: \`${env.JVM_VERSION}\`, flags \`${env.JVM_FLAGS}\`, MALLOC_ARENA_MAX=2; pool max size ${env.DB_POOL_MAX_SIZE}; EVENTS_MAX_SUBSCRIBERS=${env.EVENTS_MAX_SUBSCRIBERS}`);
p(`- load: ${n(held)} held connections (one Node process, ${env.SOURCES} source addresses 127.0.0.2-${1 + Number(env.SOURCES)}) + wrk -t2 -c${ev.wrkConnections} on (a) GET /articles/{id} (random ids of 20,000), ${ev.seconds} s per wrk run; ${f.posts} POST /articles ${env.INTERVAL} ms apart; file descriptors: \`ulimit -n ${env.NOFILE}\` in the tool's process tree`);
p();
p('| target | figure | met |');
p('|---|---|---|');
const rHeld = ratio(ev.held.rps, base);
const rPost = ratio(ev.posting.rps, base);
p(`| (a) with the subscribers / without >= 0.8 | ${n(held)} subscribers held: ${n(ev.held.rps)} / ${n(base)} = ${n(rHeld, 2)}; while the ${f.posts} events went out to them: ${n(ev.posting.rps)} / ${n(base)} = ${n(rPost, 2)} (without: mean of ${n(ev.before.rps)} before and ${n(ev.after.rps)} after) | ${yes(rHeld >= 0.8)} held, ${yes(rPost >= 0.8)} while posting |`);
p(`| p99 of 201 -> event at all ${n(f.subscribers)} subscribers < 1 s (${f.posts} posts) | ${ms(f.toAllP99Ms)} (p50 ${ms(f.toAllP50Ms)}, max ${ms(f.toAllMaxMs)}) | ${yes(Number.isFinite(f.toAllP99Ms) && f.toAllP99Ms < 1000)} |`);
const lh = ev.liveHeap;
p(`| API resident memory < 512 MB | ${n(rssMax)} MB peak (VmHWM); live heap after a full GC ${lh.withoutMb} MB without the subscribers, ${lh.withMb} MB with them: ${lh.perConnectionKb} KB per subscriber | ${yes(rssMax < 512)} |`);
p(`| 0 dropped streams | ${ev.droppedStreams} dropped${ev.droppedStreams ? ` (${Object.entries(ev.dropped).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}; ${n(ev.opened.open)} of ${n(held)} opened${Object.keys(ev.opened.failed).length ? ` (not opened: ${Object.entries(ev.opened.failed).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}; ${n(f.missing)} events missing; article-created events per subscriber ${f.eventsPerSubscriber.join('-')} (${f.created201InAll} posts answered 201, warm-up included) | ${yes(ev.droppedStreams === 0 && ev.opened.open === held && f.missing === 0 && f.eventsPerSubscriber[0] === f.eventsPerSubscriber[1] && f.eventsPerSubscriber[0] >= f.created201InAll)} |`);
p();
p(`Fan-out: ${n(f.deliveries)} of ${n(f.expectedDeliveries)} deliveries; from the 201 to one subscriber: p50 ${ms(f.deliveryP50Ms)}, p99 ${ms(f.deliveryP99Ms)}; to the first subscriber: p50 ${ms(f.firstP50Ms)}; POST /articles itself: p99 ${ms(f.postP99Ms)}. The ${n(held)} subscribers opened in ${n(ev.opened.openSeconds, 1)} s.`);
p();

const gc = (g) => (g ? `${g.pauses} / ${n(g.pauseMs)} / ${n(g.maxPauseMs)} / ${g.full} / ${g.concurrentCycles}` : '');
const phaseRow = (side, ph, connections) => {
  const c = ph.cores;
  return `| ${side} | ${ph.name} | ${connections} | ${ph.rps == null ? '' : n(ph.rps)} | ${ph.p50Ms == null ? '' : n(ph.p50Ms, 1)} | ${ph.p99Ms == null ? '' : n(ph.p99Ms, 1)} | ${ph.non2xx ?? ''} | ${ph.socketErrors ?? ''} | ${ph.rssPeakMb} | ${n(c.server, 2)} / ${n(c.db, 2)} / ${n(c.client, 2)} / ${n(c.machine, 2)} | ${gc(ph.gc)} | ${ph.clientLagMaxMs} |`;
};
p('Every phase (cores: the server JVM / PostgreSQL / the Node clients / the whole machine, wrk and other work included;');
p("GC: the server's pauses / their total ms / the longest ms / full GCs / G1 concurrent cycles ended; client lag: the");
p("largest delay of the Node process's event loop, by which its arrival times may be late):");
p();
p('| server | phase | held | req/s | p50 ms | p99 ms | non-2xx | socket errors | RSS peak MB | cores | GC | client lag ms |');
p('|---|---|---|---|---|---|---|---|---|---|---|---|');
const heldOf = (ph, run) => (/held|posts|opening/.test(ph.name) ? n(run.connections) : '0');
for (const ph of ev.phases) p(phaseRow('API', ph, heldOf(ph, ev)));
if (idleApi) for (const ph of idleApi.phases) p(phaseRow('API', ph, heldOf(ph, idleApi)));
if (idleMvc) for (const ph of idleMvc.phases) p(phaseRow('comparator', ph, heldOf(ph, idleMvc)));
p();

const side = (name, r) => {
  if (!r) return;
  const dropped = r.droppedConnections;
  p(`| ${name} | ${n(r.before.rps)} | ${n(r.held.rps)} | ${n(ratio(r.held.rps, r.before.rps), 2)} | ${n(r.held.p99Ms, 1)} | ${r.before.rssPeakMb} | ${r.held.rssPeakMb} (${r.rssHwmMb} VmHWM) | ${r.liveHeap.perConnectionKb} KB (${r.liveHeap.withoutMb} -> ${r.liveHeap.withMb} MB) | ${n(r.opened.open)} | ${dropped}${dropped ? ` (${Object.entries(r.dropped).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''} | ${Object.entries(r.secondGet).map(([k, v]) => `${n(v)} x ${k}`).join(', ')} |`);
};
if (idleApi || idleMvc) {
  p(`Idle keep-alive connections (each sent one GET /articles/{id}, read the answer and stayed open) + wrk -c${ev.wrkConnections} on (a), against the API and against the comparator (${env.COMPARATOR_DESC}):`);
  p();
  p('| server | (a) alone req/s | (a) with the idle connections | ratio | p99 ms with | RSS MB alone | RSS MB with | live heap per connection | idle connections open | closed by the server | a second GET on each |');
  p('|---|---|---|---|---|---|---|---|---|---|---|');
  side('API (WebFlux, R2DBC)', idleApi);
  side('comparator (MVC, virtual threads, JDBC)', idleMvc);
  p();
}
if (env.NOTES) { p(env.NOTES); p(); }
process.stdout.write(out.join('\n') + '\n');
