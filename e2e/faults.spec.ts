import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { startMockOpenAiServer, textReply, type MockOpenAiServer } from "../server/providers/llm/testing/mock-openai-server";
import { DbProxy, viaProxy } from "./support/db-proxy";
import { agentJoined, callAgent, DATABASE_URL, heardAfter, liveWorkers, quietFor, rooms, spokenQuestion, startWorker, stopWorker } from "./support/fault-call";
import { storedTurns } from "./support/voice";

/**
 * Fault injection during a live call (the CI-sized run; `scripts/bench/faults.ts` is the long one).
 * A worker of this spec's own (explicit dispatch) talks to Postgres through a proxy the spec takes
 * down, and to an OpenAI-compatible server the spec controls; a synthetic caller (rtc-node) speaks
 * flite questions and records what it hears. The call starts with the database down: the greeting
 * plays and a turn is answered from memory; the database comes back after ≥ 10 s; then the LLM
 * hangs mid-call and the caller must hear speech within 2 s. Every turn is stored, in order.
 */
const agentName = `faults-${process.pid}`;
let worker: ChildProcess | undefined;
let llm: MockOpenAiServer | undefined;
let proxy: DbProxy | undefined;

test.afterAll(async () => {
  stopWorker(worker, "SIGKILL");
  await llm?.close();
  await proxy?.close();
});

test("database down for 10 s from the start of a call, then the LLM hangs: nothing dropped, speech within 2 s", async () => {
  test.setTimeout(420_000);
  llm = await startMockOpenAiServer();
  llm.whenQueueEmpty({ kind: "stream", chunks: textReply(["Here is a short story. ", "A little boat sailed home."]) });
  const db = new URL(DATABASE_URL);
  proxy = new DbProxy({ host: db.hostname, port: Number(db.port || 5432) });
  await proxy.start();
  const before = await liveWorkers();
  worker = startWorker(
    agentName,
    {
      DATABASE_URL: viaProxy(DATABASE_URL, proxy.port),
      LLM_PROVIDER: "openai",
      OPENAI_BASE_URL: llm.baseURL,
      OPENAI_API_KEY: "test",
      OPENAI_EMBEDDING_MODEL: "",
      // The faults here are the database's and the LLM's: the light voice keeps this second worker cheap.
      TTS_VOICE: "kal16",
      AGENT_PREWARM_TIMEOUT_MS: "120000",
    },
    Number(process.env.WORKER_HTTP_PORT ?? 8081) + 37,
  );
  // Registered (its heartbeat reached the database) with its job process warm.
  await expect.poll(liveWorkers, { timeout: 90_000 }).toBeGreaterThanOrEqual(before + 1);
  const question = spokenQuestion("Can you tell me a short story about a boat?");

  proxy.down();
  const downAt = Date.now();
  const caller = await callAgent(agentName);
  const llmAsked = async (after: number) => {
    await expect.poll(() => llm!.requests.length, { timeout: 60_000 }).toBeGreaterThan(after);
    return llm!.requests[after]!.atMs;
  };
  try {
    // The agent joins once its job process has loaded its models (long on a busy machine; not what is measured here)...
    if (await agentJoined(caller.roomName, agentName)) console.log("the first dispatch was not taken; dispatched again");
    // ...and the greeting plays although the conversation row cannot be written.
    const greetedAt = await heardAfter(caller, downAt, 30_000);
    expect(greetedAt, "greeting heard with the database down").toBeDefined();
    await quietFor(caller, 2000, 60_000);

    // A turn answered by the LLM while the database is still down (state from memory).
    const before = llm.requests.length;
    await caller.say(question);
    const firstAsked = await llmAsked(before);
    expect(await heardAfter(caller, firstAsked, 15_000), "first answer heard with the database down").toBeDefined();
    await quietFor(caller, 2000, 60_000);
    expect(await storedTurns(caller.roomName)).toBeNull();

    // The database comes back after at least 10 s, and what was said so far is stored, in order.
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + 10_000 - Date.now())));
    proxy.up();
    const upAt = Date.now();
    await expect.poll(async () => (await storedTurns(caller.roomName))?.turns.map((t) => t.role).join(","), { timeout: 30_000 }).toBe("agent,user,agent");
    console.log(`database down ${((upAt - downAt) / 1000).toFixed(1)} s during the call; queued turns stored ${Date.now() - upAt} ms after it came back`);

    // The LLM now hangs (accepts, never answers): the caller still hears speech within 2 s of the failure.
    llm.whenQueueEmpty({ kind: "hang" });
    const asked = llm.requests.length;
    const secondEnd = await caller.say(question);
    const hungAt = await llmAsked(asked);
    const secondHeard = await heardAfter(caller, hungAt, 15_000);
    expect(secondHeard, "speech heard while the LLM hangs").toBeDefined();
    console.log(`LLM hang: speech heard ${secondHeard! - hungAt} ms after the request hung, ${secondHeard! - secondEnd} ms after the caller stopped talking`);
    expect(secondHeard! - hungAt).toBeLessThan(2000);
    await quietFor(caller, 2000, 60_000);
  } finally {
    await caller.hangUp();
  }

  // Everything said while the database was down was stored once it was back, in order.
  await expect.poll(async () => (await storedTurns(caller.roomName))?.turns.map((t) => t.role).join(","), { timeout: 30_000 }).toBe("agent,user,agent,user,agent");
  const stored = await storedTurns(caller.roomName);
  expect(stored?.turns[2]?.text).toContain("A little boat sailed home.");
  await rooms.deleteRoom(caller.roomName).catch(() => undefined);
});
