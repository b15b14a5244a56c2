import { describe, expect, it } from "vitest";
import { createLogger } from "../core/log";
import { createToneTts } from "../providers/tts/fake";
import { BargeIn, type InterruptionStats } from "./barge-in";
import type { Utterance } from "./listener";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { silentAudio } from "./testing/timed-audio";
import { TurnController } from "./turn-controller";

const log = createLogger({}, "error");

/** A reply of about 2 s of tone playing on the in-memory channel in real time, on its own turn. */
function playing() {
  const channel = new InMemoryChannel(silentAudio(0));
  channel.playbackMsPerFrame = 20;
  let markStopped: (at: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => (markStopped = resolve));
  const turn = new TurnController({ text: "", heardText: "", end: false, interrupted: false, stopped }, new AbortController().signal);
  const tts = createToneTts({ msPerCharacter: 50 });
  const played = channel.play(tts.synthesize("forty characters of agent speech, or so.", { signal: turn.signal }), { signal: turn.signal, gate: turn.gate }).then(() => markStopped(Date.now()));
  const stats: InterruptionStats = { interruptions: 0, falseInterruptions: 0, bargeInCancelMs: [] };
  const held: string[] = [];
  const bargeIn = new BargeIn(300, { speaking: () => turn, stats, log, onHeld: () => held.push("held"), onResumed: () => held.push("resumed") });
  return { channel, turn, played, stats, held, bargeIn };
}

function utterance(id: string, text: string): Utterance {
  const now = Date.now();
  return { id, speechStartMs: now - 100, speechEndMs: now, endOfTurnAtMs: now, transcript: Promise.resolve({ text, atMs: now }) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("barge-in policy", () => {
  it("holds playback at the first sound and cuts the turn after the minimum speech", async () => {
    const { channel, turn, played, stats, held, bargeIn } = playing();
    await sleep(200);
    bargeIn.speechStarted("u1");
    expect(turn.gate.isOpen).toBe(false);
    expect(held).toEqual(["held"]);
    const framesWhenHeld = channel.played[0]!.frames.length;
    await sleep(150);
    // Held: no more audio went out while the decision was pending.
    expect(channel.played[0]!.frames.length).toBeLessThanOrEqual(framesWhenHeld + 1);
    expect(turn.over).toBe(false);
    await sleep(250);
    expect(turn.over).toBe(true);
    expect(turn.reply.interrupted).toBe(true);
    await played;
    expect(stats.interruptions).toBe(1);
    expect(stats.bargeInCancelMs[0]).toBeLessThanOrEqual(250);
    let answered = false;
    bargeIn.clear();
    bargeIn.utteranceEnded(utterance("u1", "what about tomorrow"), () => (answered = true));
    expect(answered).toBe(true);
  });

  it("cuts at once on a meaningful interim word, whatever the speech length", async () => {
    const { turn, played, bargeIn } = playing();
    await sleep(100);
    bargeIn.speechStarted("u1");
    bargeIn.heard("u1", "um");
    expect(turn.over).toBe(false);
    bargeIn.heard("u1", "wait");
    expect(turn.over).toBe(true);
    await played;
  });

  it("a short backchannel is a false interruption: the agent resumes where it was held", async () => {
    const { channel, turn, played, stats, held, bargeIn } = playing();
    await sleep(100);
    bargeIn.speechStarted("u1");
    let answered = false;
    bargeIn.utteranceEnded(utterance("u1", "mm hmm"), () => (answered = true));
    await sleep(50);
    expect(answered).toBe(false);
    expect(turn.gate.isOpen).toBe(true);
    expect(held).toEqual(["held", "resumed"]);
    await played;
    expect(turn.over).toBe(false);
    expect(channel.played[0]!.abortedAt).toBeUndefined();
    expect(stats).toMatchObject({ interruptions: 0, falseInterruptions: 1 });
  });

  it("a short utterance with words is a real interruption, answered as a turn", async () => {
    const { turn, played, bargeIn, stats } = playing();
    await sleep(100);
    bargeIn.speechStarted("u1");
    let answered = false;
    bargeIn.utteranceEnded(utterance("u1", "no stop"), () => (answered = true));
    await sleep(20);
    expect(answered).toBe(true);
    expect(turn.over).toBe(true);
    await played;
    expect(stats.interruptions).toBe(1);
  });

  it("a key press cuts the reply at once", async () => {
    const { turn, played, bargeIn, stats } = playing();
    await sleep(100);
    bargeIn.keyPressed();
    expect(turn.over).toBe(true);
    await played;
    expect(stats.interruptions).toBe(1);
  });
});
