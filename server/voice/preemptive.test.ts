import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../business-profile";
import { createDialogue, type Dialogue } from "../core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { createLogger } from "../core/log";
import type { PcmFrame, SpeechToText } from "../core/ports";
import { createToneTts } from "../providers/tts/fake";
import { startVoiceSession } from "./pipeline";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { MemoryStore } from "./testing/memory-store";
import { createScriptedVad } from "./testing/scripted-vad";

const log = createLogger({}, "error");

function silentAudio(ms: number): () => AsyncIterable<PcmFrame> {
  return async function* () {
    const start = Date.now();
    for (let i = 0; i * 20 < ms; i++) {
      const due = start + i * 20 - Date.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      yield { samples: new Int16Array(320), sampleRate: 16000 };
    }
  };
}

/** Says `interim` as soon as audio flows, and `final` 150 ms after the utterance closes. */
function sttWith(interim: string, final: string, marks: { finalAt?: number }): SpeechToText {
  return {
    name: "scripted",
    sampleRate: 16000,
    async *transcribe(frames) {
      let first = true;
      for await (const _ of frames) {
        if (first) yield { type: "interim" as const, text: interim };
        first = false;
      }
      await new Promise((r) => setTimeout(r, 150));
      marks.finalAt = Date.now();
      yield { type: "final" as const, text: final };
    },
  };
}

async function run(interim: string, final: string) {
  const ports = new MemoryDialoguePorts();
  const inner = createDialogue({ profile: loadBusinessProfile(), orders: ports, knowledge: ports, toolLog: ports, log });
  const calls: { text: string; at: number }[] = [];
  const dialogue: Dialogue = {
    greeting: () => "Hi.",
    reply: (input) => {
      calls.push({ text: input.text, at: Date.now() });
      return inner.reply(input);
    },
  };
  const saves: string[][] = [];
  const states = { load: ports.load.bind(ports), save: async (i: Parameters<typeof ports.save>[0]) => (saves.push(i.state.turns.map((t) => t.text)), ports.save(i)) };
  const marks: { finalAt?: number } = {};
  const store = new MemoryStore();
  const session = await startVoiceSession(new InMemoryChannel(silentAudio(3500)), {
    vad: createScriptedVad([{ startMs: 800, durationMs: 900 }]),
    stt: sttWith(interim, final, marks),
    tts: createToneTts(),
    store,
    dialogue,
    states,
    log,
    turnTaking: { endpointing: { minDelayMs: 100, maxDelayMs: 100 }, silenceRepromptMs: 60_000 },
  });
  await session.done;
  return { calls, saves, marks, store };
}

describe("preemptive replies", () => {
  it("start from the interim transcript before the final arrives, and are kept when the final matches", async () => {
    const { calls, saves, marks, store } = await run("what are your opening hours", "what are your opening hours");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.at).toBeLessThan(marks.finalAt!);
    expect(saves).toHaveLength(1);
    expect(store.turns.at(-1)?.text).toContain("Monday to Friday");
  });

  it("are discarded, unsaved, when the final transcript differs", async () => {
    const { calls, saves, store } = await run("what are your opening", "where are you");
    expect(calls.map((c) => c.text)).toEqual(["what are your opening", "where are you"]);
    expect(saves).toHaveLength(1);
    expect(saves[0]).toContain("where are you");
    expect(saves[0]).not.toContain("what are your opening");
    expect(store.turns.at(-1)?.text).toContain("Harbor Street");
  });
});
