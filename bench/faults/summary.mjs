// node bench/faults/summary.mjs <probe.jsonl> <faultAtMs> <recoveredAtMs> <storedIds.txt>
// Prints one Markdown table row's figures as key=value: time to the first 503 after the fault, time to the first
// 2xx after the database was back, the slowest answer, 5xx other than 503, no-answers, acknowledged writes lost.
import fs from 'node:fs';

const [file, faultAt, recoveredAt, storedFile] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const stored = new Set(fs.readFileSync(storedFile, 'utf8').split(/\s+/).filter(Boolean).map(Number));
const fault = Number(faultAt);
const back = Number(recoveredAt);
const done = (r) => r.t + r.ms;
const first503 = rows.filter((r) => r.status === 503 && done(r) >= fault).map(done).sort((a, b) => a - b)[0];
const firstOkAfter = rows.filter((r) => r.status >= 200 && r.status < 300 && r.t >= back)
  .map(done).sort((a, b) => a - b)[0];
const acknowledged = rows.filter((r) => r.status === 201 && r.id != null);
const lost = acknowledged.filter((r) => !stored.has(r.id)).length;
const other5xx = rows.filter((r) => r.status >= 500 && r.status !== 503).length;
const noAnswer = rows.filter((r) => r.status === 0).length;
const slowest = Math.max(...rows.map((r) => r.ms));
const count = (s) => rows.filter((r) => r.status === s).length;
const fmt = (v) => (v === undefined ? 'none' : `${((v - (v === first503 ? fault : back)) / 1000).toFixed(2)}`);
console.log([
  `requests=${rows.length}`, `ok=${rows.filter((r) => r.status >= 200 && r.status < 300).length}`,
  `s503=${count(503)}`, `first503_s=${fmt(first503)}`, `first2xx_after_recovery_s=${fmt(firstOkAfter)}`,
  `slowest_s=${(slowest / 1000).toFixed(2)}`, `other5xx=${other5xx}`, `no_answer=${noAnswer}`,
  `acknowledged_writes=${acknowledged.length}`, `lost_writes=${lost}`,
].join(' '));
