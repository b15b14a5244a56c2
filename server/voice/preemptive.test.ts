import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../business-profile";
import { createDialogue, type Dialogue } from "../core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { createLogger } from "../core/log";
import { createScriptedStt } from "../providers/stt/fake";
import { createToneTts } from "../providers/tts/fake";
import { startVoiceSession } from "./pipeline";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { silentAudio } from "./testing/timed-audio";
import { MemoryStore } from "./testing/memory-store";
import { createScriptedVad } from "../providers/vad/fake";

const log = createLogger({}, "error");

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
  const store = new MemoryStore();
  const stt = createScriptedStt([{ interims: [interim], final, finalDelayMs: 150 }]);
  const session = await startVoiceSession(new InMemoryChannel(silentAudio(3500)), {
    vad: createScriptedVad([{ startMs: 800, durationMs: 900 }]),
    // The interim as soon as audio flows, the final 150 ms after the utterance closes.
    stt,
    tts: createToneTts(),
    store,
    dialogue,
    states,
    log,
    turnTaking: { endpointing: { minDelayMs: 100, maxDelayMs: 100 }, silenceRepromptMs: 60_000 },
  });
  await session.done;
  return { calls, saves, finalAt: stt.finals[0]?.atMs, store };
}

describe("preemptive replies", () => {
  it("start from the interim transcript before the final arrives, and are kept when the final matches", async () => {
    const { calls, saves, finalAt, store } = await run("what are your opening hours", "what are your opening hours");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.at).toBeLessThan(finalAt!);
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
