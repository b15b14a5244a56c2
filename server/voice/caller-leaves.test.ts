import { describe, expect, it, vi } from "vitest";
import { loadBusinessProfile } from "../business-profile";
import { createDialogue } from "../core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { createLogger } from "../core/log";
import { createScriptedStt } from "../providers/stt/fake";
import { createToneTts } from "../providers/tts/fake";
import { startVoiceSession, type TurnTakingOptions } from "./pipeline";
import { SilenceReprompter } from "./silence-reprompt";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { silentAudio } from "./testing/timed-audio";
import { MemoryStore } from "./testing/memory-store";
import { createScriptedVad, type ScriptedSpeech } from "../providers/vad/fake";

const log = createLogger({}, "error");
const profile = loadBusinessProfile();
const STILL_THERE = "Are you still there?";

function call(opts: { speech?: ScriptedSpeech[]; lines?: string[]; msPerCharacter: number; turnTaking?: Partial<TurnTakingOptions> }) {
  const ports = new MemoryDialoguePorts();
  const channel = new InMemoryChannel(silentAudio());
  channel.playbackMsPerFrame = 20; // agent audio takes as long to play as it would in a room
  const store = new MemoryStore();
  const started = startVoiceSession(channel, {
    vad: createScriptedVad(opts.speech ?? []),
    stt: createScriptedStt(opts.lines ?? [], { afterScript: "noise" }),
    tts: createToneTts({ msPerCharacter: opts.msPerCharacter }),
    store,
    dialogue: createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, log }),
    states: ports,
    log,
    turnTaking: { bargeInMinSpeechMs: 300, silenceRepromptMs: 60_000, stallWatchdogMs: 400, endpointing: { minDelayMs: 50, maxDelayMs: 300 }, ...opts.turnTaking },
  });
  return { channel, store, started };
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the caller leaving, on the in-memory channel", () => {
  it("mid-answer: the agent stops at once, the partial answer is stored as interrupted with what was played, abandoned", async () => {
    const { channel, store, started } = call({ speech: [{ startMs: 2800, durationMs: 600 }], lines: ["what are your opening hours"], msPerCharacter: 40 });
    const session = await started;
    // The answer (the second thing played) has been playing for a moment.
    await until(() => (channel.played[1]?.frames.length ?? 0) >= 15);
    channel.leave();
    const leftAt = Date.now();
    const ended = await session.done;
    const endedAt = Date.now();

    const answer = channel.played[1]!;
    expect(answer.abortedAt! - leftAt).toBeLessThanOrEqual(50);
    expect(answer.endedAt! - leftAt).toBeLessThanOrEqual(100);
    // Well short of the whole answer: queued audio was dropped, not played out.
    expect(channel.played).toHaveLength(2);
    expect(endedAt - leftAt).toBeLessThan(1500);

    expect(ended).toMatchObject({ outcome: "abandoned", endReason: "caller left" });
    expect(ended.callerLeftAtMs).toBeGreaterThanOrEqual(leftAt - 5);
    expect(store.turns.map((t) => [t.role, t.interrupted])).toEqual([
      ["agent", false],
      ["user", false],
      ["agent", true],
    ]);
    const stored = store.turns[2]!.text;
    const fullAnswer = channel.transcripts.filter((t) => t.role === "agent" && !t.final).map((t) => t.text).at(-1) ?? "";
    // What was played (its first sentence or so), not what had been written by then.
    expect(stored.length).toBeGreaterThan(0);
    expect(fullAnswer.startsWith(stored)).toBe(true);
    expect(stored.length).toBeLessThanOrEqual(fullAnswer.length);
    expect(stored).not.toContain(STILL_THERE);
  }, 30_000);

  it("after the answer was heard in full: completed, ended because the caller left", async () => {
    const { channel, store, started } = call({ speech: [{ startMs: 800, durationMs: 400 }], lines: ["what are your opening hours"], msPerCharacter: 4 });
    const session = await started;
    await until(() => store.turns.length === 3);
    channel.leave();
    const ended = await session.done;
    expect(ended).toMatchObject({ outcome: "completed", endReason: "caller left" });
    expect(store.turns.every((t) => !t.interrupted)).toBe(true);
  }, 30_000);

  it("never reprompts an empty room: no 'Are you still there?' once the caller has gone", async () => {
    const { channel, store, started } = call({ msPerCharacter: 4, turnTaking: { silenceRepromptMs: 300 } });
    const session = await started;
    await until(() => channel.played[0]?.endedAt !== undefined);
    channel.leave();
    const ended = await session.done;
    // Longer than the silence that would have asked.
    await new Promise((r) => setTimeout(r, 600));
    expect(store.turns.map((t) => t.text)).toEqual([profile.greeting]);
    expect(channel.played).toHaveLength(1);
    expect(ended).toMatchObject({ outcome: "abandoned", endReason: "caller left" });
  }, 30_000);
});

describe("the silence timer", () => {
  it("pauses while the agent itself is speaking: the reprompt comes a full silence after the agent stopped", async () => {
    // A long greeting (about 2.6 s) and a 500 ms silence: counted from the start it would fire mid-greeting.
    const silenceMs = 500;
    const { channel, store, started } = call({ msPerCharacter: 40, turnTaking: { silenceRepromptMs: silenceMs } });
    const session = await started;
    await until(() => channel.played.length >= 2);
    channel.leave();
    await session.done;
    const [greeting, reprompt] = channel.played;
    expect(store.turns[1]?.text).toBe(STILL_THERE);
    // Never over the agent's own voice, and a whole silence after it.
    expect(reprompt!.startedAt - greeting!.endedAt!).toBeGreaterThanOrEqual(silenceMs - 20);
    expect(reprompt!.startedAt - greeting!.endedAt!).toBeLessThan(silenceMs + 400);
  }, 30_000);

  it("policy: counts only quiet time, and stops for good", () => {
    vi.useFakeTimers();
    try {
      const asked: string[] = [];
      const silence = new SilenceReprompter(1000, (which) => asked.push(which));
      silence.resume();
      vi.advanceTimersByTime(600);
      silence.pause(); // the agent speaks for a long time
      vi.advanceTimersByTime(5000);
      expect(asked).toEqual([]);
      silence.resume(); // it finished: a whole silence again
      vi.advanceTimersByTime(999);
      expect(asked).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(asked).toEqual(["still-there"]);
      silence.resume();
      vi.advanceTimersByTime(1000);
      expect(asked).toEqual(["still-there", "goodbye"]);
      silence.heardCaller();
      silence.resume();
      silence.stop(); // the caller left
      vi.advanceTimersByTime(10_000);
      silence.resume();
      vi.advanceTimersByTime(10_000);
      expect(asked).toEqual(["still-there", "goodbye"]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("coming back after a reload", () => {
  it("the same conversation continues: the transcript so far is shown again and the agent welcomes the visitor back", async () => {
    const store = new MemoryStore();
    const ports = new MemoryDialoguePorts();
    const deps = (lines: string[], speech: ScriptedSpeech[]) => ({
      vad: createScriptedVad(speech),
      stt: createScriptedStt(lines, { afterScript: "noise" }),
      tts: createToneTts({ msPerCharacter: 4 }),
      store,
      dialogue: createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, log }),
      states: ports,
      log,
      turnTaking: { silenceRepromptMs: 60_000, endpointing: { minDelayMs: 50, maxDelayMs: 300 } },
    });
    // The room the conversation lives in; a reload moves the conversation to the new room (reopenConversation).
    const first = new InMemoryChannel(silentAudio(), "web-room");
    first.playbackMsPerFrame = 20;
    const before = await startVoiceSession(first, deps(["what are your opening hours"], [{ startMs: 800, durationMs: 400 }]));
    await until(() => store.turns.length === 3);
    first.leave();
    await before.done;

    const again = new InMemoryChannel(silentAudio(), "web-room");
    const after = await startVoiceSession(again, deps([], []));
    expect(after.conversationId).toBe(before.conversationId);
    await until(() => store.turns.length === 4);
    again.leave();
    await after.done;
    const finals = again.transcripts.filter((t) => t.final);
    expect(finals.slice(0, 3).map((t) => t.role)).toEqual(["agent", "user", "agent"]);
    expect(finals[1]?.text).toBe("what are your opening hours");
    expect(store.turns[3]?.text).toBe('Welcome back — you asked about "what are your opening hours". Shall I go on, or is there something else?');
  }, 30_000);
});
