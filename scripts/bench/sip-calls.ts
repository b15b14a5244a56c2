/**
 * Concurrent phone calls through the SIP bridge, measured at the SIP peer:
 * N sipp callers dial at once, each speaks a flite question as G.711 RTP
 * after the greeting, and the agent's RTP is metered as it arrives.
 * Voice-to-voice = first loud agent packet after the caller's speech ended
 * (the bridge starts RTP when it answers, so answer + pause + speech length
 * locates the end of speech to within a packet). The bridge's CPU and RSS
 * come from /proc while the calls run.
 *
 *   npm start   (in another terminal), then
 *   npx tsx scripts/bench/sip-calls.ts [--calls 1,5,10]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { callerAudio, rtpReceiver, runSipp, type CallerAudio } from "../../e2e/support/sipp";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "1,5,10" },
    voice: { type: "string", default: "awb" },
    server: { type: "string", default: `127.0.0.1:${process.env.SIP_PORT ?? 5060}` },
  },
});
// Not under test-results/: Playwright empties that folder when it starts.
const workDir = join(tmpdir(), "voice-agent-bench-sip");
mkdirSync(workDir, { recursive: true });
/** The phone greeting (with the keypad menu) plays out before the caller speaks. */
const SPEAK_AFTER_MS = 15000;
const HOLD_MS = 9000;
const CLOCK_TICKS = 100;

function bridgePid(): number {
  const out = execFileSync("sh", ["-c", "pgrep -f '(sip-bridge|livekit-sip) --config' | head -1"], { encoding: "utf8" }).trim();
  if (!out) throw new Error("no SIP bridge process found: is `npm start` running with the phone channel on?");
  return Number(out);
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function round(n: number, q: CallerAudio) {
  const pid = bridgePid();
  const idleRss = rssMb(pid);
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 200);
  const cpuBefore = cpuSeconds(pid);
  const started = Date.now();
  const calls = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const rx = await rtpReceiver();
      try {
        const result = await runSipp(
          { to: "agent", from: `1555019${String(i).padStart(2, "0")}`, wav: q.file, pauseMs: 0, holdMs: q.durationMs },
          rx.port,
          values.server,
          workDir,
        );
        const answeredAt = rx.audio.firstAt;
        if (result.code !== 0 || answeredAt === undefined) return { ok: false, greetingMs: NaN, v2vMs: NaN };
        const speechEnd = answeredAt + q.speechEndMs;
        const reply = rx.audio.loudAt.find((t) => t > speechEnd);
        return { ok: true, greetingMs: (rx.audio.loudAt[0] ?? NaN) - answeredAt, v2vMs: reply === undefined ? NaN : reply - speechEnd };
      } finally {
        rx.close();
      }
    }),
  );
  const wallS = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const answered = calls.filter((c) => c.ok);
  const v2v = answered.map((c) => c.v2vMs).filter(Number.isFinite);
  const greeting = answered.map((c) => c.greetingMs).filter(Number.isFinite);
  return {
    calls: n,
    answered: answered.length,
    replied: v2v.length,
    v2vP50: Math.round(percentile(v2v, 50)),
    v2vP95: Math.round(percentile(v2v, 95)),
    greetingP50: Math.round(percentile(greeting, 50)),
    bridgeCpuPctPerCall: Math.round(((cpu / wallS) * 100 * 10) / n) / 10,
    bridgeRssMb: Math.round(peakRss),
    bridgeRssPerCallMb: Math.round(((peakRss - idleRss) / n) * 10) / 10,
  };
}

const q = callerAudio("what are your opening hours", { name: "q", workDir, voice: values.voice, leadMs: SPEAK_AFTER_MS, trailMs: HOLD_MS });
const rows = [];
for (const n of values.calls.split(",").map(Number)) {
  const row = await round(n, q);
  rows.push(row);
  console.log(JSON.stringify(row));
  await new Promise((r) => setTimeout(r, 5000));
}
console.log("\ncalls answered replied  v2v p50  v2v p95  greeting p50  bridge CPU/call  bridge RSS  RSS/call");
for (const r of rows) {
  console.log(
    `${String(r.calls).padStart(5)} ${String(r.answered).padStart(8)} ${String(r.replied).padStart(7)} ${String(r.v2vP50).padStart(8)} ${String(r.v2vP95).padStart(8)} ${String(r.greetingP50).padStart(13)} ${`${r.bridgeCpuPctPerCall}%`.padStart(16)} ${`${r.bridgeRssMb} MB`.padStart(11)} ${`${r.bridgeRssPerCallMb} MB`.padStart(9)}`,
  );
}
