import { HibariWorkerClient, hibariWorker } from "./client";

/** What the voice needs from its synthesis threads: one or several, the same calls. */
export interface HibariSynthesis {
  start(): Promise<number>;
  synthesize(text: string, options?: { signal?: AbortSignal; speed?: number }): AsyncIterable<Int16Array>;
}

const extraThreads = new Map<string, HibariWorkerClient[]>();

/**
 * `threads` synthesis threads for one assets folder (the first is the
 * process's usual `hibariWorker`). A worker process running many calls uses
 * several, so one call's sentence does not queue behind another call's; each
 * sentence goes to the thread with the fewest in flight.
 */
export function hibariPool(assetsDir: string, threads: number): HibariSynthesis {
  if (threads <= 1) return hibariWorker(assetsDir);
  const extra = extraThreads.get(assetsDir) ?? [];
  while (extra.length < threads - 1) extra.push(new HibariWorkerClient({ assetsDir, options: {} }));
  extraThreads.set(assetsDir, extra);
  const clients = [hibariWorker(assetsDir), ...extra.slice(0, threads - 1)];
  const inFlight = new Map<HibariWorkerClient, number>(clients.map((c) => [c, 0]));
  return {
    start: async () => Math.max(...(await Promise.all(clients.map((c) => c.start())))),
    async *synthesize(text, options) {
      const client = clients.reduce((best, c) => ((inFlight.get(c) ?? 0) < (inFlight.get(best) ?? 0) ? c : best));
      inFlight.set(client, (inFlight.get(client) ?? 0) + 1);
      try {
        yield* client.synthesize(text, options);
      } finally {
        inFlight.set(client, (inFlight.get(client) ?? 1) - 1);
      }
    },
  };
}
