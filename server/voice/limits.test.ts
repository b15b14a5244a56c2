import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../business-profile";
import { createDialogue } from "../core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { createLogger } from "../core/log";
import type { PcmFrame } from "../core/ports";
import { createScriptedStt } from "../providers/stt/fake";
import { createToneTts } from "../providers/tts/fake";
import { AsyncQueue } from "./async-queue";
import { CALL_TIME_LIMIT_GOODBYE, startVoiceSession, type TurnTakingOptions } from "./pipeline";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { MemoryStore } from "./testing/memory-store";
import { createScriptedVad, type ScriptedSpeech } from "../providers/vad/fake";

/** Cost and privacy limits of a call: its length, one utterance's length, queues, and what the logs keep. */
function silence(totalMs: number): () => AsyncIterable<PcmFrame> {
  return async function* () {
    const start = Date.now();
    for (let i = 0; i < totalMs / 20; i++) {
      const due = start + i * 20 - Date.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      yield { samples: new Int16Array(320), sampleRate: 16000 };
    }
  };
}

function session(options: { audioMs: number; speech: ScriptedSpeech[]; said: string[]; turnTaking: Partial<TurnTakingOptions>; lines?: string[] }) {
  const log = createLogger({}, "debug", (line) => options.lines?.push(line));
  const ports = new MemoryDialoguePorts();
  const dialogue = createDialogue({ profile: loadBusinessProfile(), orders: ports, knowledge: ports, toolLog: ports, log });
  const channel = new InMemoryChannel(silence(options.audioMs));
  const store = new MemoryStore();
  const started = startVoiceSession(channel, {
    vad: createScriptedVad(options.speech),
    stt: createScriptedStt(options.said),
    tts: createToneTts(),
    store,
    dialogue,
    states: ports,
    log,
    turnTaking: { preemptiveReplies: false, silenceRepromptMs: 60_000, ...options.turnTaking },
  });
  return { channel, store, started };
}

describe("call limits", () => {
  it("ends a call that reaches the maximum duration with a goodbye, answering nothing after it", async () => {
    const t0 = Date.now();
    const { channel, store, started } = session({
      audioMs: 8000,
      speech: [{ startMs: 900, durationMs: 400 }],
      said: ["what are your opening hours"],
      turnTaking: { maxCallMs: 700 },
    });
    await (await started).done;
    expect(Date.now() - t0).toBeLessThan(5000);
    const agentFinals = channel.transcripts.filter((t) => t.role === "agent" && t.final).map((t) => t.text);
    expect(agentFinals.at(-1)).toBe(CALL_TIME_LIMIT_GOODBYE);
    expect(store.turns.some((t) => t.role === "agent" && t.text.includes("Monday to Friday"))).toBe(false);
  });

  it("takes the turn when one utterance runs past the maximum utterance length", async () => {
    const t0 = Date.now();
    const { channel, started } = session({
      audioMs: 4500,
      // Three seconds of "speech" (a monologue, or noise the VAD takes for speech).
      speech: [{ startMs: 300, durationMs: 3000 }],
      said: ["what are your opening hours"],
      turnTaking: { maxUtteranceMs: 800 },
    });
    const running = await started;
    await expect.poll(() => channel.transcripts.some((t) => t.role === "agent" && t.final && t.text.includes("Monday to Friday")), { timeout: 4000, interval: 50 }).toBe(true);
    // Answered while the speech was still going on: the limit, not the end of speech, closed the turn.
    expect(Date.now() - t0).toBeLessThan(300 + 3000);
    await running.done;
  });
});

describe("logs", () => {
  it("keep lengths of what was said, never the words (not even redacted)", async () => {
    const lines: string[] = [];
    const { store, started } = session({
      audioMs: 2500,
      speech: [{ startMs: 200, durationMs: 600 }],
      said: ["my name is Zebulon Quux and my card is 4111 1111 1111 1111"],
      turnTaking: {},
      lines,
    });
    await (await started).done;
    expect(store.turns.filter((t) => t.role === "user")).toHaveLength(1);
    const log = lines.join("\n");
    expect(log).toMatch(/"userChars":\d+/);
    expect(log).not.toMatch(/Zebulon|Quux|4111|redacted card/);
    const agentReply = store.turns.filter((t) => t.role === "agent").at(-1)?.text ?? "";
    expect(agentReply.length).toBeGreaterThan(10);
    expect(log).not.toContain(agentReply.slice(0, 20));
  });
});

describe("bounded queues", () => {
  it("drops what is pushed while full instead of growing", async () => {
    const queue = new AsyncQueue<number>(3);
    const accepted = Array.from({ length: 10 }, (_, i) => queue.push(i));
    expect(accepted).toEqual([true, true, true, false, false, false, false, false, false, false]);
    queue.close();
    const got: number[] = [];
    for await (const n of queue) got.push(n);
    expect(got).toEqual([0, 1, 2]);
  });
});
