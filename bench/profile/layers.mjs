// Reads async-profiler collapsed stacks (with thread names) and prints where the CPU went, by layer, in
// microseconds per request. Usage: node layers.mjs <interval_us> <name>=<file.collapsed>:<requests>...
// A sample counts for the first frame, from the leaf up, that belongs to a layer: a call into java.util from the
// pool counts for the pool; Reactor's operators count as "Reactor operators" wherever they run. Kernel frames
// (system calls) count as "kernel", samples of the JVM's own threads (GC, JIT) as "JVM".
import { readFileSync } from 'node:fs';

const LAYERS = [
  ['HTTP server', /^(reactor\/netty\/http|io\/netty\/handler\/codec\/http|org\/apache\/(tomcat|coyote|catalina))/],
  ['transport (Netty, NIO)', /^(io\/netty|reactor\/netty|sun\/nio|java\/nio|Java_sun_nio|Java_io_netty|\/tmp\/libnetty)/],
  ['web framework', /^(org\/springframework\/(web|http|core|util|context|beans|boot)|jakarta\/servlet)/],
  ['security', /^(org\/springframework\/security|com\/nimbusds)/],
  ['observation, metrics, logging', /^(io\/micrometer|ch\/qos\/logback|org\/slf4j)/],
  ['JSON', /^tools\/jackson|^com\/fasterxml/],
  ['database client', /^(org\/springframework\/(r2dbc|jdbc|transaction|dao)|io\/r2dbc\/(postgresql|spi)|org\/postgresql)/],
  ['connection pool', /^(io\/r2dbc\/pool|reactor\/pool|com\/zaxxer)/],
  ['the application', /^(dev\/articlesapi|bench\/)/],
  ['Reactor operators', /^reactor\/(core|util)/],
  ['virtual threads', /^(java\/lang\/VirtualThread|java\/util\/concurrent\/ForkJoin|jdk\/internal\/vm\/Continuation)/],
];
const JVM_THREADS = /^\[(GC|G1|C1|C2|VM |Notification|Service|Monitor|Common-Cleaner|Attach|Signal|Finalizer|Reference)/;

const [intervalUs, ...inputs] = process.argv.slice(2);
const columns = inputs.map((arg) => {
  const name = arg.slice(0, arg.indexOf('='));
  const file = arg.slice(arg.indexOf('=') + 1, arg.lastIndexOf(':'));
  const requests = Number(arg.slice(arg.lastIndexOf(':') + 1));
  const counts = new Map();
  let total = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.lastIndexOf(' ');
    if (at < 0) continue;
    const n = Number(line.slice(at + 1));
    const frames = line.slice(0, at).split(';');
    total += n;
    let layer;
    if (JVM_THREADS.test(frames[0])) layer = 'JVM (GC, JIT, VM threads)';
    else if (frames[frames.length - 1].endsWith('_[k]')) layer = 'kernel (system calls)';
    else {
      for (let i = frames.length - 1; i > 0 && !layer; i--) {
        for (const [l, re] of LAYERS) if (re.test(frames[i])) { layer = l; break; }
      }
      layer ??= 'other (JDK, native)';
    }
    counts.set(layer, (counts.get(layer) ?? 0) + n);
  }
  return { name, counts, total, requests };
});
const per = (n, c) => (n * Number(intervalUs) / c.requests).toFixed(0);
const names = [...new Set(columns.flatMap((c) => [...c.counts.keys()]))]
  .sort((a, b) => (columns[0].counts.get(b) ?? 0) - (columns[0].counts.get(a) ?? 0));
console.log(`| layer | ${columns.map((c) => `${c.name} (µs/request)`).join(' | ')} |`);
console.log(`|---|${columns.map(() => '---:').join('|')}|`);
for (const l of names) console.log(`| ${l} | ${columns.map((c) => per(c.counts.get(l) ?? 0, c)).join(' | ')} |`);
console.log(`| **all** | ${columns.map((c) => `**${per(c.total, c)}**`).join(' | ')} |`);
