import { Job, JobAssignment, JobTermination, Room, type WorkerMessage, WorkerStatus, AvailabilityRequest, RegisterWorkerResponse } from "@livekit/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../core/log";
import { DispatchClient, JobStatus, type DispatchHandlers } from "./protocol-client";
import { FakeDispatchServer } from "./testing/fake-dispatch-server";

const log = createLogger({ svc: "test" }, "error");
const is = (kind: WorkerMessage["message"]["case"]) => (m: WorkerMessage) => m.message.case === kind;

describe("DispatchClient", () => {
  let server: FakeDispatchServer;
  let client: DispatchClient;
  afterEach(async () => {
    client?.close();
    await server?.close();
  });

  async function start(handlers: Partial<DispatchHandlers>, extra: { assignmentTimeoutMs?: number } = {}) {
    server = new FakeDispatchServer();
    await server.listening;
    const calls = { offered: [] as string[], assigned: [] as { id: string; url: string; token: string }[], unassigned: [] as string[], terminated: [] as string[] };
    client = new DispatchClient(
      { url: server.url, apiKey: "devkey", apiSecret: "secret-secret-secret-secret-secret", agentName: "harbor", version: "test", log, backoffMs: () => 50, ...extra },
      {
        offer: (job) => (calls.offered.push(job.id), handlers.offer?.(job) ?? true),
        assigned: (job, url, token) => calls.assigned.push({ id: job.id, url, token }),
        unassigned: (jobId) => calls.unassigned.push(jobId),
        terminate: (jobId) => calls.terminated.push(jobId),
      },
    );
    client.start();
    return calls;
  }

  async function registered() {
    const register = await server.next(is("register"));
    server.send({ message: { case: "register", value: new RegisterWorkerResponse({ workerId: "AW_1" }) } });
    await server.next(is("updateWorker"));
    return register;
  }

  it("registers under its agent name with an agent-grant token on /agent", async () => {
    await start({});
    const register = await registered();
    expect(register.message.case === "register" && register.message.value.agentName).toBe("harbor");
    expect(server.authorizations[0]).toMatch(/^\/agent Bearer ey/);
    expect(client.workerId).toBe("AW_1");
  });

  it("accepts an offered job, then hands on its assignment with the url and token", async () => {
    const calls = await start({});
    await registered();
    const job = new Job({ id: "AJ_1", room: new Room({ name: "call-1" }) });
    server.send({ message: { case: "availability", value: new AvailabilityRequest({ job }) } });
    const answer = await server.next(is("availability"));
    expect(answer.message.value).toMatchObject({ jobId: "AJ_1", available: true, participantIdentity: "agent-AJ_1" });
    server.send({ message: { case: "assignment", value: new JobAssignment({ job, url: "ws://lk.example", token: "tok" }) } });
    await expect.poll(() => calls.assigned).toEqual([{ id: "AJ_1", url: "ws://lk.example", token: "tok" }]);
  });

  it("declines a job the worker has no slot for, and releases a slot whose assignment never came", async () => {
    let free = 1;
    const calls = await start({ offer: () => free-- > 0 }, { assignmentTimeoutMs: 100 });
    await registered();
    for (const id of ["AJ_a", "AJ_b"]) server.send({ message: { case: "availability", value: new AvailabilityRequest({ job: new Job({ id }) }) } });
    const answers = await Promise.all(["AJ_a", "AJ_b"].map((id) => server.next((m) => m.message.case === "availability" && m.message.value.jobId === id)));
    expect(answers.map((a) => a.message.case === "availability" && a.message.value.available)).toEqual([true, false]);
    await expect.poll(() => calls.unassigned).toEqual(["AJ_a"]);
  });

  it("passes terminations on and reports load and job status", async () => {
    const calls = await start({});
    await registered();
    server.send({ message: { case: "termination", value: new JobTermination({ jobId: "AJ_9" }) } });
    await expect.poll(() => calls.terminated).toEqual(["AJ_9"]);
    const from = server.received.length;
    client.reportLoad(1, true, 4);
    client.reportJob("AJ_9", JobStatus.JS_SUCCESS);
    const load = await server.next(is("updateWorker"), from);
    expect(load.message.value).toMatchObject({ status: WorkerStatus.WS_FULL, load: 1, jobCount: 4 });
    const status = await server.next(is("updateJob"), from);
    expect(status.message.value).toMatchObject({ jobId: "AJ_9", status: JobStatus.JS_SUCCESS });
  });

  it("reconnects after the connection drops, re-registers and re-sends that it is full", async () => {
    await start({});
    await registered();
    client.reportLoad(1, true, 3);
    server.dropConnection();
    const from = server.received.length;
    await server.next(is("register"), from);
    expect(server.authorizations).toHaveLength(2);
    server.send({ message: { case: "register", value: new RegisterWorkerResponse({ workerId: "AW_2" }) } });
    const status = await server.next(is("updateWorker"), from);
    expect(status.message.value).toMatchObject({ status: WorkerStatus.WS_FULL, jobCount: 3 });
  });
});
