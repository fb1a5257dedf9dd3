// Lints the OpenAPI document with redocly.yaml and fails on any problem, warn-level ones included (`redocly lint`
// itself exits 0 on them). The document: the first argument, else $OPENAPI_URL, else the checked-in YAML file.
//   npm run lint
//   npm run lint -- http://localhost:8080/v3/api-docs
// On Node.js 20, Redocly CLI prints a boxed notice that its Node.js 20 support is ending; it is shortened to one
// line here so that the word "warning" in the output always means a problem of the document.
import { spawnSync } from "node:child_process";

const source = process.argv[2] || process.env.OPENAPI_URL || "../../src/main/resources/openapi.yaml";
const lint = spawnSync("redocly", ["lint", "--config", "redocly.yaml", "--format", "json", "--max-problems", "1000",
    source], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
if (lint.error) {
    throw lint.error;
}

const box = /^\s*[╔║╚]/;
const stderr = lint.stderr.split("\n");
if (lint.stderr.includes("Node.js 20 support is ending")) {
    console.log("note: Redocly CLI's support of Node.js 20 is ending; its next releases need Node.js 22.12 or later");
}
const rest = stderr.filter((line) => !box.test(line)).join("\n").trim();
if (rest) {
    console.error(rest);
}

let report;
try {
    report = JSON.parse(lint.stdout);
} catch {
    process.stdout.write(lint.stdout);
    console.error(`redocly lint of ${source} gave no report (exit code ${lint.status})`);
    process.exit(1);
}
for (const problem of report.problems) {
    const where = problem.location.map((l) => l.pointer).join(", ");
    console.log(`${problem.severity} ${problem.ruleId} at ${where}: ${problem.message}`);
}
const { errors, warnings } = report.totals;
console.log(`redocly lint of ${source}: ${errors} errors, ${warnings} warn-level problems`);
process.exit(errors + warnings === 0 && lint.status === 0 ? 0 : 1);
