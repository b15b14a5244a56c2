import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../business-profile";
import { createDialogue, type Dialogue } from "../core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { createLogger } from "../core/log";
import { createLlm } from "../providers/llm";
import { startMockOpenAiServer, textReply, type MockOpenAiServer } from "../providers/llm/testing/mock-openai-server";
import { createScriptedStt } from "../providers/stt/fake";
import { createToneTts } from "../providers/tts/fake";
import { startVoiceSession } from "./pipeline";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { MemoryStore } from "./testing/memory-store";
import { createScriptedVad } from "../providers/vad/fake";
import { silentAudio } from "./testing/timed-audio";

const log = createLogger({}, "error");
let server: MockOpenAiServer;

beforeAll(async () => {
  server = await startMockOpenAiServer();
});
afterAll(async () => {
  await server.close();
});

/**
 * The real chain (official SDK over HTTP, SSE, the model chain the worker
 * builds from env) against the OpenAI-compatible test server: a barge-in must
 * close the streaming request itself, not just stop listening to it.
 */
describe("barge-in against an OpenAI-compatible server", () => {
  it("closes the SSE connection at the barge-in decision, before the next chunk", async () => {
    // One chunk a second: the answer's first sentence after about 2 s, the rest long after the barge-in.
    const deltas = ["Let me think about that for a moment. ", "Here", " is", " a", " long", " answer", "."];
    server.reply({ kind: "stream", chunks: textReply(deltas), delayMs: 1000 });
    const llm = createLlm({ LLM_PROVIDER: "openai", OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.baseURL, OPENAI_MODEL: "mock-model", LLM_TIMEOUT_MS: 15_000 }, log);
    const ports = new MemoryDialoguePorts();
    const inner = createDialogue({ profile: loadBusinessProfile(), orders: ports, knowledge: ports, toolLog: ports, llm, log });
    const dialogue: Dialogue = { greeting: () => "Hi.", reply: (input) => inner.reply(input) };
    const channel = new InMemoryChannel(silentAudio(7000));
    channel.playbackMsPerFrame = 20;
    const store = new MemoryStore();
    const session = await startVoiceSession(channel, {
      vad: createScriptedVad([
        { startMs: 1000, durationMs: 400 },
        { startMs: 4000, durationMs: 800 },
      ]),
      // The second utterance is a known intent: answered locally, so only one request is made.
      stt: createScriptedStt(["please tell me a long story about dragons", "what are your opening hours"]),
      tts: createToneTts({ msPerCharacter: 20 }),
      store,
      dialogue,
      states: ports,
      log,
      turnTaking: { bargeInMinSpeechMs: 300, silenceRepromptMs: 60_000, preemptiveReplies: false, endpointing: { minDelayMs: 50, maxDelayMs: 300 } },
    });
    await session.done;

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.completed, "the server wrote the whole reply: nothing was cut").toBeFalsy();
    expect(request.closedAtMs).toBeDefined();
    expect(session.stats.interruptions).toBeGreaterThanOrEqual(1);
    const cut = channel.played.map((p) => p.abortedAt).filter((at): at is number => at !== undefined && at <= request.closedAtMs!);
    expect(cut.length, "no reply was cut before the connection closed").toBeGreaterThan(0);
    // The abort, not the next token, closed it: well inside the second between two chunks. (Measured
    // here: a few ms on an idle machine; the bound leaves room for a loaded CI box's event-loop lag.)
    expect(request.closedAtMs! - Math.max(...cut)).toBeLessThan(500);
    // Nothing after the cut reached the caller or the transcript.
    expect(store.turns.some((t) => t.role === "agent" && t.text.includes("long answer"))).toBe(false);
  }, 30_000);
});
