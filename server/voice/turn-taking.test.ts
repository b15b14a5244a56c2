import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../business-profile";
import { createDialogue } from "../core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { createLogger } from "../core/log";
import { createScriptedStt } from "../providers/stt/fake";
import { createToneTts } from "../providers/tts/fake";
import { splitSentences } from "./sentences";
import { startVoiceSession, type TurnTakingOptions } from "./pipeline";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { silentAudio } from "./testing/timed-audio";
import { MemoryStore } from "./testing/memory-store";
import { createScriptedVad, type ScriptedSpeech } from "../providers/vad/fake";

const log = createLogger({}, "error");
const profile = loadBusinessProfile();

function session(opts: { speech: ScriptedSpeech[]; lines: string[]; audioMs: number; turnTaking?: Partial<TurnTakingOptions> }) {
  const ports = new MemoryDialoguePorts();
  const channel = new InMemoryChannel(silentAudio(opts.audioMs));
  channel.playbackMsPerFrame = 20; // agent audio plays out in real time, so it can be talked over
  const store = new MemoryStore();
  // One line per utterance; any further utterance is heard as noise.
  const stt = createScriptedStt(opts.lines, { afterScript: "noise" });
  const started = startVoiceSession(channel, {
    vad: createScriptedVad(opts.speech),
    stt,
    tts: createToneTts(),
    store,
    dialogue: createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, log }),
    states: ports,
    log,
    turnTaking: { bargeInMinSpeechMs: 300, silenceRepromptMs: 60_000, stallWatchdogMs: 400, endpointing: { minDelayMs: 50, maxDelayMs: 300 }, ...opts.turnTaking },
  });
  return { channel, store, stt, started };
}

describe("turn-taking on the in-memory channel", () => {
  it("barge-in: speech over the greeting stops it within 100 ms, empties the queue, and the question is answered", async () => {
    const { channel, store, started } = session({ speech: [{ startMs: 1000, durationMs: 1200 }], lines: ["what are your opening hours"], audioMs: 5000 });
    const s = await started;
    await s.done;
    expect(s.stats.interruptions).toBe(1);
    expect(s.stats.bargeInCancelMs[0]).toBeLessThanOrEqual(100);
    const greeting = channel.played[0]!;
    // The greeting (a tone of 60 ms per character) was cut: far fewer frames than its full length.
    expect(greeting.frames.length * 20).toBeLessThan(profile.greeting.length * 60 * 0.6);
    expect(greeting.abortedAt).toBeDefined();
    expect(greeting.endedAt! - greeting.abortedAt!).toBeLessThanOrEqual(100);
    expect(store.turns[0]).toMatchObject({ role: "agent", interrupted: true });
    expect(store.turns.slice(1).map((t) => t.role)).toEqual(["user", "agent"]);
    expect(store.turns[2]?.text).toContain("Monday to Friday");
  });

  it("a false interruption (a short 'mm-hmm') pauses and then resumes the agent", async () => {
    const { channel, store, started } = session({ speech: [{ startMs: 800, durationMs: 150 }], lines: ["mm hmm"], audioMs: 6000, turnTaking: { bargeInMinSpeechMs: 600 } });
    const s = await started;
    await s.done;
    expect(s.stats.falseInterruptions).toBe(1);
    expect(s.stats.interruptions).toBe(0);
    const greeting = channel.played[0]!;
    expect(greeting.abortedAt).toBeUndefined();
    let fullLength = 0;
    for (const sentence of splitSentences(profile.greeting)) for await (const _ of createToneTts().synthesize(sentence)) fullLength += 1;
    expect(greeting.frames.length).toBe(fullLength);
    expect(store.turns).toEqual([expect.objectContaining({ role: "agent", interrupted: false })]);
  });

  it("asks 'Are you still there?' after silence and says goodbye after a second silence", async () => {
    const { channel, store, started } = session({ speech: [], lines: [], audioMs: 20_000, turnTaking: { silenceRepromptMs: 500 } });
    const s = await started;
    const result = await s.done;
    expect(store.turns.map((t) => t.text)).toEqual([profile.greeting, "Are you still there?", expect.stringContaining("end the call")]);
    expect(result.outcome).toBe("abandoned");
    expect(channel.played).toHaveLength(3);
  });

  it("never stalls: 50 randomised interruption patterns all end with the agent having answered or re-prompted", async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const runs = Array.from({ length: 50 }, async (_, i) => {
      const speech: ScriptedSpeech[] = [];
      let t = 300 + random() * 1500;
      const bursts = 1 + Math.floor(random() * 3);
      for (let b = 0; b < bursts; b++) {
        const durationMs = 80 + random() * 1200;
        speech.push({ startMs: t, durationMs });
        t += durationMs + 400 + random() * 1500;
      }
      const pool = ["", "mm hmm", "what are your opening hours", "where are you", "uh"];
      const lines = speech.map(() => pool[Math.floor(random() * pool.length)]!);
      const { store, started } = session({ speech, lines, audioMs: t + 6000 });
      const s = await started;
      await s.done;
      const last = store.turns.at(-1);
      // Whatever happened, the conversation does not end on an unanswered user turn or an unrepaired interruption.
      expect(last?.role, `pattern ${i}: ${JSON.stringify({ speech, lines })}`).toBe("agent");
      const interruptedAfter = store.turns.findLastIndex((x) => x.interrupted);
      if (interruptedAfter >= 0) expect(store.turns.length - 1, `pattern ${i}`).toBeGreaterThan(interruptedAfter);
    });
    await Promise.all(runs);
  }, 60_000);
});
