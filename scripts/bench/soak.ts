/**
 * Soak: N callers hold one long call each with our worker (scripted
 * providers) for the given minutes, asking and hearing out one question after
 * another. Reports the RSS slope of the worker process and of each job
 * process, their open file descriptors (handles) at the start and end, and the
 * turns that got no answer.
 */
import { readdirSync } from "node:fs";
import { runCall, type CallResult } from "./callers";
import { startWorker, type BenchWorker } from "./bench-workers";
import { processTree, sampleTree, slopeMbPerMin } from "./proc-tree";
import { loadSampler, machineLine, round1, writeSection } from "./report";
import type { PcmFrame } from "../../server/core/ports";

function fdCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

export async function runSoak(options: { warmUp: (worker: BenchWorker) => Promise<void>; minutes: number; calls: number; question: PcmFrame; port: number; out: string; runId: string }) {
  // One call held the whole soak: the product's maximum call length (15 min by default) must not end it.
  const maxCallMs = Math.min(14_400_000, Math.max(900_000, (options.minutes + 5) * 60_000));
  const worker = await startWorker("ours", "scripted", { port: options.port, extraEnv: { MAX_CALL_DURATION_MS: String(maxCallMs) } });
  try {
    await options.warmUp(worker);
    const load = loadSampler(15_000);
    const sampler = sampleTree(worker.pid, 5000);
    const untilMs = Date.now() + options.minutes * 60_000;
    const fdsAt = new Map<number, { first: number; last: number }>();
    const countFds = () => {
      for (const p of processTree(worker.pid)) {
        const n = fdCount(p.pid);
        const seen = fdsAt.get(p.pid);
        fdsAt.set(p.pid, { first: seen?.first ?? n, last: n });
      }
    };
    const fdTimer = setInterval(countFds, 10_000);
    // The worker's own view (shared executor): libuv handles by type, listeners on process, JS heap.
    const figures: { atMs: number; handles: number; listeners: number; heapMb: number }[] = [];
    const readFigures = async () => {
      try {
        const info = (await (await fetch(`http://127.0.0.1:${worker.port}/worker`)).json()) as { process?: { resources: Record<string, number>; process_listeners: number; heap_used_mb: number } };
        if (!info.process) return;
        const handles = Object.values(info.process.resources).reduce((a, b) => a + b, 0);
        figures.push({ atMs: Date.now(), handles, listeners: info.process.process_listeners, heapMb: info.process.heap_used_mb });
      } catch {
        // A busy worker may miss one poll; the next one counts.
      }
    };
    const figureTimer = setInterval(() => void readFigures(), 10_000);
    const results: CallResult[] = await Promise.all(
      Array.from({ length: options.calls }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 500));
        // Counted once the calls are up, so the job processes' start-up is not taken for growth.
        if (i === options.calls - 1) setTimeout(countFds, 15_000);
        return runCall({ agentName: worker.agentName, question: options.question, turns: Number.MAX_SAFE_INTEGER, untilMs }, `bench-${options.runId}-soak-${i}`);
      }),
    );
    clearInterval(fdTimer);
    clearInterval(figureTimer);
    const usage = sampler.stop();
    // Warm-up (JIT, first allocations) is not growth: slopes over the samples after the first quarter.
    const slope = (pid: number) => {
      const points = usage.series.get(pid) ?? [];
      return round1(slopeMbPerMin(points.slice(Math.floor(points.length / 4))));
    };
    const jobPids = [...usage.series.keys()].filter((pid) => pid !== worker.pid && (usage.series.get(pid)?.length ?? 0) >= 4);
    const answered = results.reduce((s, r) => s + r.v2vMs.length, 0);
    const missed = results.reduce((s, r) => s + r.missedTurns, 0) + results.filter((r) => r.error).length;
    const fd = (pid: number) => fdsAt.get(pid) ?? { first: NaN, last: NaN };
    const entry = {
      minutes: options.minutes,
      calls: options.calls,
      answered,
      missed,
      workerSlopeMbPerMin: slope(worker.pid),
      jobSlopesMbPerMin: jobPids.map(slope),
      workerFds: fd(worker.pid),
      jobFds: jobPids.map(fd),
      loadAvg: load.stop(),
      worker: workerFigures(figures),
    };
    console.log(JSON.stringify(entry));
    const w = entry.worker;
    const workerLine = w
      ? ` The worker's own figures (its \`/worker\` route every 10 s, after the calls were up → end): libuv handles and requests ${w.handles.first} → ${w.handles.last} (max ${w.handles.max}), listeners on \`process\` ${w.listeners.first} → ${w.listeners.last}, JS heap slope ${w.heapSlopeMbPerMin} MB/min (${w.heapMb.first} → ${w.heapMb.last} MB).`
      : "";
    const rows = [
      `| worker (pid ${worker.pid}) | ${entry.workerSlopeMbPerMin} | ${entry.workerFds.first} → ${entry.workerFds.last} |`,
      ...jobPids.map((pid, i) => `| process ${pid} | ${entry.jobSlopesMbPerMin[i]} | ${fd(pid).first} → ${fd(pid).last} |`),
    ];
    writeSection(
      options.out,
      "soak",
      `## Soak, our worker\n\n${machineLine()}\n\n${options.calls} calls held for ${options.minutes} min (scripted providers), each asking one question after another and hearing every answer out: **${answered} turns answered, ${missed} missed**. RSS slope is the least-squares fit of the process's RSS (sampled every 5 s) after the first quarter of the run (warm-up); handles are open file descriptors (sampled every 10 s, first → last). Load average ${entry.loadAvg.mean} (max ${entry.loadAvg.max}).${workerLine}\n\n| process | RSS slope MB/min | open fds |\n|---|---:|---:|\n${rows.join("\n")}`,
    );
    return entry;
  } finally {
    await worker.stop();
  }
}

/** First/last/max of the worker's figures, skipping the calls' start-up (first quarter), and the heap's slope. */
function workerFigures(points: { atMs: number; handles: number; listeners: number; heapMb: number }[]) {
  const steady = points.slice(Math.floor(points.length / 4));
  const first = steady[0];
  const last = steady.at(-1);
  if (!first || !last) return undefined;
  return {
    handles: { first: first.handles, last: last.handles, max: Math.max(...steady.map((p) => p.handles)) },
    listeners: { first: first.listeners, last: last.listeners },
    heapMb: { first: first.heapMb, last: last.heapMb },
    heapSlopeMbPerMin: round1(slopeMbPerMin(steady.map((p) => ({ atS: p.atMs / 1000, rssMb: p.heapMb })))),
  };
}
