import { AvailabilityRequest, Job, JobAssignment, JobStatus, RegisterWorkerResponse, type WorkerMessage, WorkerStatus } from "@livekit/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../core/log";
import type { Engines } from "../engines";
import type { CallEnd, RoomCall, RoomCallOptions } from "./room-call";
import { SharedWorker } from "./shared-worker";
import { FakeDispatchServer } from "./testing/fake-dispatch-server";

const log = createLogger({ svc: "test" }, "error");

/** A call that runs until the test ends it. */
function controllableCall(options: RoomCallOptions, ends: Map<string, (end: CallEnd) => void>): RoomCall {
  let finish: (end: CallEnd) => void = () => {};
  const done = new Promise<CallEnd>((resolve) => (finish = resolve));
  ends.set(options.job.id, finish);
  return { jobId: options.job.id, roomName: options.job.roomName, shutdown: (reason) => finish({ reason }), done, left: () => done.then(() => undefined) };
}

describe("SharedWorker", () => {
  let server: FakeDispatchServer;
  let worker: SharedWorker;
  afterEach(async () => {
    await worker?.close();
    await server?.close();
  });

  async function start(maxJobs: number) {
    server = new FakeDispatchServer();
    await server.listening;
    const ends = new Map<string, (end: CallEnd) => void>();
    worker = new SharedWorker({
      dispatch: { url: server.url, apiKey: "devkey", apiSecret: "secret-secret-secret-secret-secret", agentName: "harbor", version: "test" },
      maxJobs,
      engines: {} as Engines,
      entry: async () => {},
      log,
      http: { host: "127.0.0.1", port: 0 },
      closeTimeoutMs: 1000,
      startCall: (options) => controllableCall(options, ends),
    });
    await worker.run();
    await server.next((m) => m.message.case === "register");
    server.send({ message: { case: "register", value: new RegisterWorkerResponse({ workerId: "AW_1" }) } });
    return ends;
  }

  const activeJobs = async () => ((await (await fetch(`http://127.0.0.1:${worker.httpPort}/worker`)).json()) as { active_jobs: number }).active_jobs;

  async function offer(id: string): Promise<boolean> {
    const from = server.received.length;
    server.send({ message: { case: "availability", value: new AvailabilityRequest({ job: new Job({ id }) }) } });
    const answer = await server.next((m) => m.message.case === "availability" && m.message.value.jobId === id, from);
    return answer.message.case === "availability" && answer.message.value.available;
  }

  it("takes calls up to AGENT_MAX_JOBS, reports itself full, and frees a slot the moment a call ends", async () => {
    const ends = await start(2);
    expect(await offer("AJ_1")).toBe(true);
    server.send({ message: { case: "assignment", value: new JobAssignment({ job: new Job({ id: "AJ_1" }), token: "t" }) } });
    expect(await offer("AJ_2")).toBe(true);
    // Accepted but not yet assigned still holds its slot.
    expect(await offer("AJ_3")).toBe(false);
    await expect.poll(activeJobs).toBe(1);
    const full = await server.next((m) => m.message.case === "updateWorker" && m.message.value.status === WorkerStatus.WS_FULL);
    expect(full.message.value).toMatchObject({ load: 1 });

    const from = server.received.length;
    ends.get("AJ_1")?.({ reason: "conversation over" });
    await expect.poll(activeJobs).toBe(0);
    const status = await server.next((m: WorkerMessage) => m.message.case === "updateJob", from);
    expect(status.message.value).toMatchObject({ jobId: "AJ_1", status: JobStatus.JS_SUCCESS });
    expect(await offer("AJ_4")).toBe(true);
  });

  it("reports a failed call as failed and keeps taking calls", async () => {
    const ends = await start(4);
    expect(await offer("AJ_1")).toBe(true);
    server.send({ message: { case: "assignment", value: new JobAssignment({ job: new Job({ id: "AJ_1" }), token: "t" }) } });
    await expect.poll(activeJobs).toBe(1);
    ends.get("AJ_1")?.({ reason: "call failed", error: "boom" });
    const status = await server.next((m) => m.message.case === "updateJob" && m.message.value.status !== JobStatus.JS_RUNNING);
    expect(status.message.value).toMatchObject({ jobId: "AJ_1", status: JobStatus.JS_FAILED, error: "boom" });
    expect(await offer("AJ_2")).toBe(true);
  });

  it("declines new calls while draining and resolves the drain when the live calls end", async () => {
    const ends = await start(4);
    expect(await offer("AJ_1")).toBe(true);
    server.send({ message: { case: "assignment", value: new JobAssignment({ job: new Job({ id: "AJ_1" }), token: "t" }) } });
    await expect.poll(activeJobs).toBe(1);
    let drained = false;
    const drain = worker.drain(5000).then(() => (drained = true));
    expect(await offer("AJ_2")).toBe(false);
    expect(drained).toBe(false);
    ends.get("AJ_1")?.({ reason: "conversation over" });
    await drain;
    expect(drained).toBe(true);
  });
});
