import {
  JobStatus,
  JobType,
  ParticipantPermission,
  ServerMessage,
  WorkerMessage,
  WorkerStatus,
  type AvailabilityRequest,
  type Job,
} from "@livekit/protocol";
import { AccessToken } from "livekit-server-sdk";
import WebSocket from "ws";
import type { Logger } from "../../core/log";

/** What the worker decides when LiveKit offers, assigns or withdraws a job. */
export interface DispatchHandlers {
  /** Take this job? A true answer reserves a slot until it is assigned or `unassigned`. */
  offer(job: Job): boolean;
  /** LiveKit confirmed an accepted job: join `url` with `token`. */
  assigned(job: Job, url: string, token: string): void;
  /** An accepted job whose assignment never came: release its slot. */
  unassigned(jobId: string): void;
  /** LiveKit asks the worker to end a job (the room went away, the dispatch was deleted). */
  terminate(jobId: string): void;
  /** The worker is registered (at start and after every reconnect). */
  registered?(workerId: string): void;
}

export interface DispatchClientOptions {
  /** LiveKit's URL (ws:// or http://); the worker endpoint is `<url>/agent`. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Explicit-dispatch name; empty for automatic dispatch. */
  agentName: string;
  version: string;
  log: Logger;
  pingIntervalMs?: number;
  /** How long an accepted job may wait for its assignment before its slot is released. */
  assignmentTimeoutMs?: number;
  /** Reconnect delay for the n-th consecutive failure (from 1). */
  backoffMs?: (attempt: number) => number;
}

/** Doubles from half a second up to 10 s: a restarting LiveKit is found quickly, a dead one is not hammered. */
export const defaultBackoffMs = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 10_000);

/**
 * The worker's side of LiveKit's agent dispatch protocol (protobuf
 * WorkerMessage / ServerMessage over the `/agent` WebSocket): registers under
 * the agent name, answers availability requests through `handlers.offer`,
 * hands assignments on, reports load and job status, pings, and reconnects
 * with backoff when the connection drops (running calls are their own room
 * connections and carry on meanwhile).
 */
export class DispatchClient {
  private socket: WebSocket | undefined;
  private closed = false;
  private registeredId: string | undefined;
  private failures = 0;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private lastStatus: { load: number; full: boolean; jobCount: number } = { load: 0, full: false, jobCount: 0 };
  private readonly awaitingAssignment = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly options: DispatchClientOptions,
    private readonly handlers: DispatchHandlers,
  ) {}

  /** The id LiveKit gave this worker, while registered. */
  get workerId(): string | undefined {
    return this.registeredId;
  }

  get registered(): boolean {
    return this.registeredId !== undefined && this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    this.closed = false;
    void this.connect();
  }

  /** Tells LiveKit how loaded the worker is; a full worker is offered no jobs. Re-sent on every reconnect. */
  reportLoad(load: number, full: boolean, jobCount: number): void {
    this.lastStatus = { load, full, jobCount };
    this.send({
      case: "updateWorker",
      value: { load, jobCount, status: full ? WorkerStatus.WS_FULL : WorkerStatus.WS_AVAILABLE },
    });
  }

  reportJob(jobId: string, status: JobStatus, error = ""): void {
    this.send({ case: "updateJob", value: { jobId, status, error } });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    for (const timer of this.awaitingAssignment.values()) clearTimeout(timer);
    this.awaitingAssignment.clear();
    this.socket?.close();
    this.socket = undefined;
    this.registeredId = undefined;
  }

  private async connect(): Promise<void> {
    const { url, apiKey, apiSecret, log } = this.options;
    const endpoint = new URL(url);
    endpoint.protocol = endpoint.protocol.replace(/^http/, "ws");
    endpoint.pathname = `${endpoint.pathname.replace(/\/$/, "")}/agent`;
    const token = new AccessToken(apiKey, apiSecret);
    token.addGrant({ agent: true });
    const jwt = await token.toJwt();
    if (this.closed) return;
    const socket = new WebSocket(endpoint, { headers: { authorization: `Bearer ${jwt}` } });
    this.socket = socket;
    socket.binaryType = "nodebuffer";
    socket.on("open", () => this.register());
    socket.on("message", (data: Buffer) => {
      try {
        this.onMessage(ServerMessage.fromBinary(new Uint8Array(data)));
      } catch (error) {
        log.error("bad message from LiveKit's agent dispatch", { error });
      }
    });
    socket.on("error", (error) => log.warn("agent dispatch connection error", { error: error.message }));
    socket.on("close", (code) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.registeredId = undefined;
      clearInterval(this.pingTimer);
      if (this.closed) return;
      this.failures += 1;
      const delayMs = (this.options.backoffMs ?? defaultBackoffMs)(this.failures);
      log.warn("agent dispatch connection closed; reconnecting", { code, attempt: this.failures, delayMs });
      this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
    });
  }

  private register(): void {
    this.send({
      case: "register",
      value: {
        type: JobType.JT_ROOM,
        agentName: this.options.agentName,
        version: this.options.version,
        allowedPermissions: new ParticipantPermission({ canPublish: true, canSubscribe: true, canPublishData: true, canUpdateMetadata: true, agent: true }),
      },
    });
  }

  private onMessage(message: ServerMessage): void {
    const { log } = this.options;
    switch (message.message.case) {
      case "register": {
        this.registeredId = message.message.value.workerId;
        this.failures = 0;
        log.info("worker registered with LiveKit", { workerId: this.registeredId, agentName: this.options.agentName });
        // A reconnect must not forget that the worker is full (or draining).
        this.reportLoad(this.lastStatus.load, this.lastStatus.full, this.lastStatus.jobCount);
        clearInterval(this.pingTimer);
        this.pingTimer = setInterval(() => this.send({ case: "ping", value: { timestamp: BigInt(Date.now()) } }), this.options.pingIntervalMs ?? 10_000);
        this.pingTimer.unref?.();
        this.handlers.registered?.(this.registeredId);
        return;
      }
      case "availability":
        return this.onAvailability(message.message.value);
      case "assignment": {
        const { job, url, token } = message.message.value;
        if (!job) return;
        const timer = this.awaitingAssignment.get(job.id);
        if (timer === undefined) {
          log.warn("assignment for a job this worker did not accept", { jobId: job.id });
          return;
        }
        clearTimeout(timer);
        this.awaitingAssignment.delete(job.id);
        this.handlers.assigned(job, url || this.options.url, token);
        return;
      }
      case "termination":
        this.handlers.terminate(message.message.value.jobId);
        return;
      default:
        return;
    }
  }

  private onAvailability(request: AvailabilityRequest): void {
    const job = request.job;
    if (!job) return;
    const available = this.handlers.offer(job);
    this.send({
      case: "availability",
      value: {
        jobId: job.id,
        available,
        participantIdentity: `agent-${job.id}`,
        participantAttributes: available ? { "lk.agent.name": this.options.agentName } : {},
      },
    });
    if (!available) return;
    const timer = setTimeout(() => {
      this.awaitingAssignment.delete(job.id);
      this.options.log.warn("accepted job was never assigned; slot released", { jobId: job.id });
      this.handlers.unassigned(job.id);
    }, this.options.assignmentTimeoutMs ?? 7_500);
    this.awaitingAssignment.set(job.id, timer);
  }

  private send(message: NonNullable<ConstructorParameters<typeof WorkerMessage>[0]>["message"]): void {
    // A message sent while disconnected is dropped: load is re-sent on register, jobs are re-offered by LiveKit.
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(new WorkerMessage({ message }).toBinary());
  }
}

export { JobStatus };
