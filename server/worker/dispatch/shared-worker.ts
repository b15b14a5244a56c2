import { createServer, type Server } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Job } from "@livekit/protocol";
import type { Logger } from "../../core/log";
import type { CallContext } from "../call-context";
import type { Engines } from "../engines";
import type { Drainable } from "../shutdown";
import { DispatchClient, JobStatus, type DispatchClientOptions } from "./protocol-client";
import { isRedispatch } from "./orphan-rooms";
import { startRoomCall, type RoomCall, type RoomCallOptions } from "./room-call";

export interface SharedWorkerOptions {
  dispatch: Omit<DispatchClientOptions, "log">;
  maxJobs: number;
  engines: Engines;
  entry: (ctx: CallContext) => Promise<void>;
  log: Logger;
  /** The /worker and health routes (0 = any free port). */
  http: { host: string; port: number };
  closeTimeoutMs: number;
  /** How often load is reported to LiveKit besides every change. */
  loadIntervalMs?: number;
  /** Run on every registration and every few seconds: dispatches the agent again to rooms whose agent died with its process. */
  sweepOrphans?: (served: ReadonlySet<string>) => Promise<unknown>;
  /** Starts a call (tests replace the LiveKit room); startRoomCall by default. */
  startCall?: (options: RoomCallOptions) => RoomCall;
}

/**
 * Many calls in one Node process: one set of loaded engines, one dispatch
 * connection to LiveKit, one room connection per call. Capacity is counted in
 * calls (running plus accepted-but-not-yet-assigned), so a slow core never
 * marks the worker full; a call frees its slot the moment it has left its room.
 */
export class SharedWorker implements Drainable {
  private readonly calls = new Map<string, RoomCall>();
  private readonly reserved = new Set<string>();
  /** Calls that are over but still leaving their rooms. */
  private readonly leaving = new Set<RoomCall>();
  private readonly client: DispatchClient;
  private readonly http: Server;
  private draining = false;
  private loadTimer: ReturnType<typeof setInterval> | undefined;
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  /** Every call's audio is paced on this one event loop: its delay is the shared worker's health figure. */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor(private readonly options: SharedWorkerOptions) {
    this.client = new DispatchClient({ ...options.dispatch, log: options.log }, {
      offer: (job) => this.offer(job),
      assigned: (job, url, token) => this.assigned(job, url, token),
      unassigned: (jobId) => {
        this.reserved.delete(jobId);
        this.reportLoad();
      },
      terminate: (jobId) => this.calls.get(jobId)?.shutdown("terminated by LiveKit"),
      registered: () => this.sweep(),
    });
    this.http = createServer((req, res) => {
      if (req.url === "/") {
        const ok = this.client.registered;
        res.writeHead(ok ? 200 : 503).end(ok ? "OK" : "not connected to livekit");
      } else if (req.url === "/worker") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(this.info()));
      } else res.writeHead(404).end("not found");
    });
  }

  get activeJobs(): readonly RoomCall[] {
    return [...this.calls.values()];
  }

  get id(): string | undefined {
    return this.client.workerId;
  }

  async run(): Promise<void> {
    const { host, port } = this.options.http;
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, host, () => resolve());
    });
    this.client.start();
    this.loopDelay.enable();
    this.loadTimer = setInterval(() => this.reportLoad(), this.options.loadIntervalMs ?? 2_500);
    // A caller whose agent died hears it again within seconds: the goal is a room served again ≤ 5 s.
    this.sweepTimer = setInterval(() => this.client.registered && !this.draining && this.sweep(), SWEEP_EVERY_MS);
  }

  /** The port the HTTP routes listen on (useful when 0 was asked for). */
  get httpPort(): number {
    const address = this.http.address();
    return typeof address === "object" && address ? address.port : this.options.http.port;
  }

  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    this.reportLoad();
    // Calls still storing after their caller left count too: their writes must land before the exit.
    const all = Promise.all([...this.activeJobs, ...this.leaving].map((call) => call.left()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out draining")), timeoutMs)));
    try {
      await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.loadTimer);
    clearInterval(this.sweepTimer);
    this.loopDelay.disable();
    for (const call of this.calls.values()) call.shutdown("worker closing");
    await Promise.all([...this.activeJobs, ...this.leaving].map((call) => call.left()));
    this.client.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private info() {
    return {
      agent_name: this.options.dispatch.agentName,
      worker_type: "JT_ROOM",
      executor: "shared",
      active_jobs: this.calls.size,
      reserved_jobs: this.reserved.size,
      max_jobs: this.options.maxJobs,
      sdk_version: this.options.dispatch.version,
      project_type: "nodejs",
      event_loop_delay_ms: { p50: round(this.loopDelay.percentile(50) / 1e6), p99: round(this.loopDelay.percentile(99) / 1e6), max: round(this.loopDelay.max / 1e6) },
      process: processFigures(),
    };
  }

  private offer(job: Job): boolean {
    if (this.draining || this.calls.size + this.reserved.size >= this.options.maxJobs) return false;
    this.reserved.add(job.id);
    this.reportLoad();
    return true;
  }

  private assigned(job: Job, url: string, token: string): void {
    this.reserved.delete(job.id);
    const log = this.options.log;
    log.info("call assigned", { jobId: job.id, room: job.room?.name, participants: job.room?.numParticipants });
    const call = (this.options.startCall ?? startRoomCall)({
      job: {
        id: job.id,
        roomName: job.room?.name ?? "",
        roomMetadata: job.room?.metadata ?? "",
        participantsAtDispatch: job.room?.numParticipants ?? 0,
        redispatched: isRedispatch(job.metadata),
      },
      url,
      token,
      engines: this.options.engines,
      workerPid: process.pid,
      log,
      entry: this.options.entry,
      closeTimeoutMs: this.options.closeTimeoutMs,
    });
    this.calls.set(job.id, call);
    this.client.reportJob(job.id, JobStatus.JS_RUNNING);
    this.reportLoad();
    void call.done.catch((error: unknown) => ({ reason: "call runner failed", error: String(error) })).then((end) => {
      this.calls.delete(job.id);
      this.leaving.add(call);
      void call.left().then(() => this.leaving.delete(call));
      log.info("call slot freed", { jobId: job.id, reason: end.reason, activeJobs: this.calls.size });
      this.client.reportJob(job.id, end.error ? JobStatus.JS_FAILED : JobStatus.JS_SUCCESS, end.error);
      this.reportLoad();
    });
  }

  private sweeping = false;

  private sweep(): void {
    if (!this.options.sweepOrphans || this.sweeping) return;
    this.sweeping = true;
    const served = new Set([...this.calls.values()].map((call) => call.roomName));
    void this.options
      .sweepOrphans(served)
      .catch((error: unknown) => this.options.log.warn("orphaned-room sweep failed", { error }))
      .finally(() => (this.sweeping = false));
  }

  private reportLoad(): void {
    // Each report window gets its own event-loop figures.
    if (this.calls.size === 0) this.loopDelay.reset();
    const taken = this.calls.size + this.reserved.size;
    this.client.reportLoad(Math.min(1, taken / this.options.maxJobs), this.draining || taken >= this.options.maxJobs, this.calls.size);
  }
}

/** How often the worker looks for rooms whose agent died (two LiveKit API reads per room). */
const SWEEP_EVERY_MS = 1_000;

const round = (ms: number) => Math.round(ms * 10) / 10;

/** What a soak watches for growth: libuv handles and requests by type, listeners on `process`, the JS heap. */
function processFigures() {
  const resources: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
  const listeners = process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0);
  return { resources, process_listeners: listeners, heap_used_mb: round(process.memoryUsage().heapUsed / 1048576) };
}
