import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createDialogue } from "../core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { loadBusinessProfile } from "../business-profile";
import { createLogger } from "../core/log";
import { AppError } from "../core/errors";
import type { PcmFrame, TextToSpeech, VoiceActivityDetector } from "../core/ports";
import { failoverTts } from "../providers/failover";
import { createScriptedStt } from "../providers/stt/fake";
import { createToneTts } from "../providers/tts/fake";
import { loadSileroVad } from "../providers/vad/silero";
import { chunkFrames, readWav } from "./audio";
import { startVoiceSession } from "./pipeline";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { MemoryStore } from "./testing/memory-store";

const quietLog = createLogger({}, "error");
let vad: VoiceActivityDetector;

/**
 * Caller audio paced in real time (the pipeline's turn-taking timers are wall
 * clock), optionally cut to [fromMs, toMs) of each file to keep tests short.
 */
function wavSource(...files: (string | { file: string; fromMs: number; toMs: number })[]): () => AsyncIterable<PcmFrame> {
  return async function* () {
    for (const entry of files) {
      const { file, fromMs, toMs } = typeof entry === "string" ? { file: entry, fromMs: 0, toMs: Infinity } : entry;
      const frames = chunkFrames(readWav(readFileSync(file)), 20).slice(fromMs / 20, toMs / 20);
      const start = Date.now();
      for (const [i, frame] of frames.entries()) {
        const due = start + i * 20 - Date.now();
        if (due > 0) await new Promise((r) => setTimeout(r, due));
        yield frame;
      }
    }
  };
}

const question = { file: "e2e/fixtures/opening-hours.wav", fromMs: 3600, toMs: 7200 };

function brainDeps() {
  const ports = new MemoryDialoguePorts();
  const dialogue = createDialogue({ profile: loadBusinessProfile(), orders: ports, knowledge: ports, toolLog: ports, log: quietLog });
  return { dialogue, states: ports };
}

beforeAll(async () => {
  vad = await loadSileroVad();
});

describe("voice pipeline on the in-memory channel", () => {
  it("greets, answers the opening-hours question and stores every turn in order", async () => {
    const channel = new InMemoryChannel(wavSource(question));
    const store = new MemoryStore();
    const session = await startVoiceSession(channel, {
      vad,
      stt: createScriptedStt(["what are your opening hours"]),
      tts: createToneTts(),
      store,
      ...brainDeps(),
      log: quietLog,
    });
    await session.done;

    expect(store.turns.map((t) => [t.role, t.intent ?? null])).toEqual([
      ["agent", null],
      ["user", null],
      ["agent", "hours"],
    ]);
    expect(store.turns[2]?.text).toContain("Monday to Friday");
    expect(store.turns[2]?.latency?.ttsFirstByteMs).toBeGreaterThanOrEqual(0);
    expect(channel.played).toHaveLength(2);
    expect(channel.played.every((p) => p.frames.length > 0)).toBe(true);
    const finals = channel.transcripts.filter((t) => t.final).map((t) => t.role);
    expect(finals).toEqual(["agent", "user", "agent"]);
    expect(channel.states).toContain("thinking");
  });

  it("ignores an utterance with no recognised words", async () => {
    const channel = new InMemoryChannel(wavSource("e2e/fixtures/hello.wav"));
    const store = new MemoryStore();
    const session = await startVoiceSession(channel, {
      vad,
      stt: createScriptedStt([""]),
      tts: createToneTts(),
      store,
      ...brainDeps(),
      log: quietLog,
    });
    await session.done;
    expect(store.turns.map((t) => t.role)).toEqual(["agent"]);
  });

  it("survives an STT failure mid-turn and keeps serving the next utterance", async () => {
    const flaky = createScriptedStt([{ fail: new Error("decoder crashed") }, "hello there"], { name: "flaky" });
    const channel = new InMemoryChannel(wavSource("e2e/fixtures/hello.wav", "e2e/fixtures/hello.wav"));
    const store = new MemoryStore();
    const session = await startVoiceSession(channel, {
      vad,
      stt: flaky,
      tts: createToneTts(),
      store,
      ...brainDeps(),
      log: quietLog,
    });
    await session.done;
    expect(flaky.calls).toBe(2);
    expect(store.turns.map((t) => t.role)).toEqual(["agent", "user", "agent"]);
  });
});

describe("the greeting and the stored conversation", () => {
  /** A store whose database answers slowly: continuing a conversation has to wait for it, a new one must not. */
  class SlowStore extends MemoryStore {
    readonly starts: Parameters<MemoryStore["startConversation"]>[0][] = [];
    reads = 0;
    override async startConversation(input: Parameters<MemoryStore["startConversation"]>[0] & { inBackground?: boolean }) {
      this.starts.push(input);
      if (!input.inBackground) await new Promise((r) => setTimeout(r, 400));
      return super.startConversation(input);
    }
    override async storedTurns(conversationId: string) {
      this.reads += 1;
      return super.storedTurns(conversationId);
    }
  }

  async function firstWords(store: SlowStore, roomName: string, options: Parameters<typeof startVoiceSession>[2]) {
    const channel = new InMemoryChannel(async function* () {}, roomName);
    const started = Date.now();
    const session = await startVoiceSession(channel, { vad, stt: createScriptedStt([""]), tts: createToneTts(), store, ...brainDeps(), log: quietLog }, options);
    const waitedMs = Date.now() - started;
    await session.done;
    return { waitedMs, said: store.turns.filter((t) => t.role === "agent").at(-1)?.text ?? "" };
  }

  it("greets a new conversation without waiting for its row, which carries the call's start time", async () => {
    const store = new SlowStore();
    const startedAt = new Date(Date.now() - 20);
    const { waitedMs } = await firstWords(store, "room-new", { newConversation: { startedAt } });
    expect(waitedMs).toBeLessThan(300);
    expect(store.reads).toBe(0);
    expect(store.starts[0]).toMatchObject({ roomName: "room-new", startedAt, inBackground: true });
  });

  it("continues a reloaded web conversation: waits for the row and welcomes the visitor back", async () => {
    const store = new SlowStore();
    store.seed("c-old", { channel: "web", direction: "inbound", roomName: "room-reloaded" });
    await store.appendTurn({ conversationId: "c-old", role: "user", text: "where is order 4272", startedAt: new Date() });
    const { waitedMs, said } = await firstWords(store, "room-reloaded", {});
    expect(waitedMs).toBeGreaterThanOrEqual(400);
    expect(store.reads).toBe(1);
    expect(said).not.toBe("");
    expect(said).not.toBe(brainDeps().dialogue.greeting({ channel: "web" }));
  });
});

describe("provider failure mid-turn", () => {
  it("a TTS that dies mid-sentence is replaced by the fallback and the call goes on", async () => {
    const fallback = createToneTts();
    let calls = 0;
    const dying: TextToSpeech = {
      name: "cloud-tts",
      sampleRate: 16000,
      async *synthesize(text, options) {
        calls += 1;
        let n = 0;
        for await (const frame of fallback.synthesize(text, options)) {
          if (++n > 5) throw new AppError("PROVIDER_ERROR", "stream reset", { retryable: true });
          yield frame;
        }
      },
    };
    const tts = failoverTts(dying, fallback, { cooldownMs: 60_000, log: quietLog });
    const channel = new InMemoryChannel(wavSource(question));
    const store = new MemoryStore();
    const session = await startVoiceSession(channel, {
      vad,
      stt: createScriptedStt(["what are your opening hours"]),
      tts,
      store,
      ...brainDeps(),
      log: quietLog,
    });
    await session.done;
    expect(calls).toBe(1); // failed once, then skipped during the cooldown
    expect(store.turns.map((t) => t.role)).toEqual(["agent", "user", "agent"]);
    expect(store.turns[2]?.text).toContain("Monday to Friday");
    // Every reply was heard in full from the fallback (plus the 5 frames the cloud got out).
    expect(channel.played.every((p) => p.frames.length > 20)).toBe(true);
  });
});
