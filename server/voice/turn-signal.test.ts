import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../business-profile";
import { createDialogue, type Dialogue } from "../core/dialogue/dialogue";
import type { LanguageModel, LlmEvent } from "../core/dialogue/llm-port";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { createLogger } from "../core/log";
import { createScriptedStt } from "../providers/stt/fake";
import { createToneTts } from "../providers/tts/fake";
import { startVoiceSession } from "./pipeline";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { MemoryStore } from "./testing/memory-store";
import { createScriptedVad } from "../providers/vad/fake";
import { silentAudio } from "./testing/timed-audio";

const log = createLogger({}, "error");

interface Marks {
  /** When the model's request signal aborted, and when its stream was told to stop (`return()`). */
  abortedAt?: number;
  returnedAt?: number;
}

/**
 * A model that streams slowly and ignores its signal, as a provider between
 * two tokens does: its first answer's first sentence at once, then nothing
 * for `gapMs`. Only a caller that races its reads stops it before that next
 * token. Later answers come at once.
 */
function slowModel(marks: Marks, gapMs = 5000): LanguageModel {
  let calls = 0;
  return {
    name: "slow",
    stream(_request, { signal } = {}) {
      calls += 1;
      const events: LlmEvent[] =
        calls === 1
          ? [
              { type: "text", delta: "Let me think about that for a moment. " },
              { type: "text", delta: "Here is the rest of a long answer." },
              { type: "done", finishReason: "stop" },
            ]
          : [
              { type: "text", delta: "Okay." },
              { type: "done", finishReason: "stop" },
            ];
      if (calls === 1) signal?.addEventListener("abort", () => (marks.abortedAt ??= Date.now()), { once: true });
      let i = 0;
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            if (i > 0 && calls === 1) await new Promise((r) => setTimeout(r, gapMs));
            const value = events[i++];
            return value ? { value, done: false } : { value: undefined, done: true };
          },
          return: async () => {
            if (calls === 1) marks.returnedAt ??= Date.now();
            return { value: undefined, done: true };
          },
        }),
      };
    },
  };
}

function session(llm: LanguageModel) {
  const ports = new MemoryDialoguePorts();
  const inner = createDialogue({ profile: loadBusinessProfile(), orders: ports, knowledge: ports, toolLog: ports, llm, log });
  const dialogue: Dialogue = { greeting: () => "Hi.", reply: (input) => inner.reply(input) };
  const channel = new InMemoryChannel(silentAudio(6000));
  channel.playbackMsPerFrame = 20;
  const store = new MemoryStore();
  const started = startVoiceSession(channel, {
    // The question, then speech over the answer while the model is between tokens.
    vad: createScriptedVad([
      { startMs: 1000, durationMs: 400 },
      { startMs: 3000, durationMs: 1000 },
    ]),
    stt: createScriptedStt(["please tell me a long story about dragons", "stop"]),
    tts: createToneTts({ msPerCharacter: 20 }),
    store,
    dialogue,
    states: ports,
    log,
    turnTaking: { bargeInMinSpeechMs: 300, silenceRepromptMs: 60_000, endpointing: { minDelayMs: 50, maxDelayMs: 300 } },
  });
  return { channel, store, started };
}

describe("one signal per turn", () => {
  it("barge-in stops the model's stream within 50 ms, not at its next token", async () => {
    const marks: Marks = {};
    const { channel, store, started } = session(slowModel(marks));
    const s = await started;
    await s.done;
    expect(s.stats.interruptions).toBeGreaterThanOrEqual(1);
    // The barge-in decision aborted the turn: its playback and the model's request, on the same signal.
    expect(marks.abortedAt, "the model's request signal never aborted").toBeDefined();
    const answer = channel.played.find((p) => p.abortedAt !== undefined && Math.abs(p.abortedAt - marks.abortedAt!) <= 5);
    expect(answer, "no playback was cut with the model's request").toBeDefined();
    expect(marks.returnedAt, "the model's stream was never told to stop").toBeDefined();
    expect(marks.returnedAt! - marks.abortedAt!).toBeLessThanOrEqual(50);
    expect(store.turns.find((t) => t.role === "agent" && t.interrupted)).toBeDefined();
  }, 20_000);
});
