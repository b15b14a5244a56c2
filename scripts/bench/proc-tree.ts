/**
 * CPU and memory of a worker and every process under it (agents-js runs each
 * job, and its inference runner, as child processes), read from /proc so the
 * figures are the kernel's, not self-reported.
 */
import { readFileSync, readdirSync } from "node:fs";

const CLOCK_TICKS_PER_S = 100;

export interface ProcSample {
  pid: number;
  ppid: number;
  /** user + system CPU time so far, in seconds. */
  cpuS: number;
  rssMb: number;
}

function readProc(pid: number): ProcSample | undefined {
  try {
    // The command name may hold spaces or parentheses: fields start after the last ") ".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { pid, ppid: Number(fields[1]), cpuS: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S, rssMb: rssKb / 1024 };
  } catch {
    return undefined; // gone between the listing and the read
  }
}

/** The process and all its descendants, as they are now. */
export function processTree(rootPid: number): ProcSample[] {
  const all = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map((name) => readProc(Number(name))).filter((p) => p !== undefined);
  const byParent = new Map<number, ProcSample[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const root = all.find((p) => p.pid === rootPid);
  if (!root) return [];
  const out: ProcSample[] = [];
  const visit = (p: ProcSample) => {
    out.push(p);
    for (const child of byParent.get(p.pid) ?? []) visit(child);
  };
  visit(root);
  return out;
}

export interface TreeUsage {
  /** CPU seconds used by the tree over the window, counting processes that ended inside it up to their last sample. */
  cpuS: number;
  wallS: number;
  /** Mean and peak of the tree's summed RSS over the window's samples. */
  meanRssMb: number;
  peakRssMb: number;
  /** Per-process RSS series, for slopes in the soak. */
  series: Map<number, { atS: number; rssMb: number }[]>;
  processes: number;
}

/** Samples the tree every `everyMs` until stopped; the caller reads totals once the window ends. */
export function sampleTree(rootPid: number, everyMs = 500): { stop: () => TreeUsage } {
  const startedAt = Date.now();
  const firstCpu = new Map<number, number>();
  const lastCpu = new Map<number, number>();
  const series = new Map<number, { atS: number; rssMb: number }[]>();
  const totals: number[] = [];
  const take = () => {
    const tree = processTree(rootPid);
    const atS = (Date.now() - startedAt) / 1000;
    for (const p of tree) {
      // A process first seen mid-window started inside it (a job process): all its CPU counts.
      if (!firstCpu.has(p.pid)) firstCpu.set(p.pid, totals.length === 0 ? p.cpuS : 0);
      lastCpu.set(p.pid, p.cpuS);
      series.set(p.pid, [...(series.get(p.pid) ?? []), { atS, rssMb: p.rssMb }]);
    }
    totals.push(tree.reduce((sum, p) => sum + p.rssMb, 0));
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      take();
      clearInterval(timer);
      let cpuS = 0;
      for (const [pid, last] of lastCpu) cpuS += last - (firstCpu.get(pid) ?? 0);
      return {
        cpuS,
        wallS: (Date.now() - startedAt) / 1000,
        meanRssMb: totals.reduce((a, b) => a + b, 0) / totals.length,
        peakRssMb: Math.max(...totals),
        series,
        processes: series.size,
      };
    },
  };
}

/** Least-squares slope of a series, in MB per minute. */
export function slopeMbPerMin(points: readonly { atS: number; rssMb: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.atS, 0) / n;
  const my = points.reduce((s, p) => s + p.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.atS - mx) * (p.rssMb - my);
    den += (p.atS - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
