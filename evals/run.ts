/**
 * `npm run evals [-- --mode offline|llm|both] [--ci] [--only id,…] [--channel chat,web,phone] [--llm-channel chat] [--real-llm] [--min-pass 0.9] [--note "…"]`
 * Plays the scenarios in evals/scenarios against the running stack (PUBLIC_URL)
 * and writes docs/evals.md. Exits 1 when a mode scores below --min-pass.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { bookingCounts, score } from "./lib/report";
import { runEvals } from "./lib/runner";

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "offline" },
    ci: { type: "boolean", default: false },
    only: { type: "string" },
    channel: { type: "string" },
    "llm-channel": { type: "string" },
    "real-llm": { type: "boolean", default: false },
    "min-pass": { type: "string" },
    "no-report": { type: "boolean", default: false },
    note: { type: "string", multiple: true },
  },
});

const mode = z.enum(["offline", "llm", "both"]).parse(values.mode);
const channels = values.channel ? z.array(z.enum(["chat", "web", "phone"])).parse(values.channel.split(",")) : undefined;
const llmChannels = values["llm-channel"] ? z.array(z.enum(["chat", "web", "phone"])).parse(values["llm-channel"].split(",")) : undefined;
const minPass = values["min-pass"] !== undefined ? z.coerce.number().min(0).max(1).parse(values["min-pass"]) : undefined;

const outcome = await runEvals({
  modes: mode === "both" ? ["offline", "llm"] : [mode],
  ci: values.ci,
  only: values.only?.split(","),
  channels,
  llmChannels,
  realLlm: values["real-llm"],
  writeReport: !values["no-report"],
  notes: values.note,
});

let failed = false;
for (const m of mode === "both" ? (["offline", "llm"] as const) : [mode]) {
  const s = score(outcome.results.filter((r) => r.mode === m));
  const ratio = s.total ? s.passed / s.total : 0;
  process.stdout.write(`[evals] ${outcome.labels[m]}: ${s.passed}/${s.total} scenarios passed (${(ratio * 100).toFixed(1)} %)\n`);
  for (const channel of ["chat", "web", "phone"] as const) {
    const c = score(outcome.results.filter((r) => r.mode === m && r.channel === channel));
    if (c.total) process.stdout.write(`[evals]   ${channel}: ${c.passed}/${c.total}\n`);
  }
  const b = bookingCounts(outcome.results.filter((r) => r.mode === m));
  process.stdout.write(`[evals]   bookings: ${b.booked} made, ${b.unconfirmed} without an explicit yes, ${b.outsideRules} outside hours/limits/capacity\n`);
  if (b.unconfirmed + b.outsideRules > 0) failed = true;
  if (minPass !== undefined && ratio < minPass) failed = true;
}
if (!values["no-report"]) process.stdout.write("[evals] wrote docs/evals.md\n");
// rtc-node keeps native handles alive after the last call: exit explicitly.
process.exit(failed ? 1 : 0);
