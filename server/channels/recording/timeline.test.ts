import { describe, expect, it } from "vitest";
import { PeakMeter, RecordingTimeline, type SettledAudio } from "./timeline";

const RATE = 1000; // one sample per millisecond keeps the arithmetic readable

function collect(startMs = 0) {
  const parts: SettledAudio[] = [];
  const timeline = new RecordingTimeline({ sampleRate: RATE, startMs, onSettled: (a) => parts.push(a), gapToleranceMs: 50 });
  const joined = (side: "mixed" | "caller" | "agent") => {
    const out: number[] = [];
    for (const part of parts) {
      expect(part.startSample).toBe(out.length);
      out.push(...part[side]);
    }
    return out;
  };
  return { timeline, joined };
}

const tone = (n: number, value: number) => new Int16Array(n).fill(value);

describe("RecordingTimeline", () => {
  it("places caller frames back to back and fills an arrival gap with silence", () => {
    const { timeline, joined } = collect(1000);
    timeline.heard(tone(10, 1), 1010);
    timeline.heard(tone(10, 1), 1021); // 1 ms of jitter: stays contiguous
    timeline.heard(tone(10, 2), 1200); // 180 ms later: the track was silent in between
    expect(timeline.end(1200)).toBe(200);
    const caller = joined("caller");
    expect(caller.slice(0, 20)).toEqual(Array(20).fill(1));
    expect(caller.slice(20, 190)).toEqual(Array(170).fill(0));
    expect(caller.slice(190, 200)).toEqual(Array(10).fill(2));
  });

  it("schedules agent frames after what is queued, or at once when the queue ran dry", () => {
    const { timeline, joined } = collect(0);
    // Three frames handed over at once: they play one after another.
    timeline.played(tone(20, 5), 100);
    timeline.played(tone(20, 5), 100);
    timeline.played(tone(20, 5), 100);
    // Much later: plays when handed over.
    timeline.played(tone(20, 7), 300);
    timeline.end(400);
    const agent = joined("agent");
    expect(agent.slice(0, 100).every((v) => v === 0)).toBe(true);
    expect(agent.slice(100, 160)).toEqual(Array(60).fill(5));
    expect(agent.slice(160, 300).every((v) => v === 0)).toBe(true);
    expect(agent.slice(300, 320)).toEqual(Array(20).fill(7));
  });

  it("a barge-in cut drops agent audio that was queued but not yet played", () => {
    const { timeline, joined } = collect(0);
    for (let i = 0; i < 10; i++) timeline.played(tone(20, 9), 0); // 200 ms queued at t=0
    timeline.cut(50);
    timeline.played(tone(10, 3), 120); // the next reply starts later
    timeline.end(200);
    const agent = joined("agent");
    expect(agent.slice(0, 50)).toEqual(Array(50).fill(9));
    expect(agent.slice(50, 120).every((v) => v === 0)).toBe(true);
    expect(agent.slice(120, 130)).toEqual(Array(10).fill(3));
    expect(agent.slice(130).every((v) => v === 0)).toBe(true);
  });

  it("mixes both sides with clipping, and silenced caller frames keep their place", () => {
    const { timeline, joined } = collect(0);
    timeline.heard(tone(10, 30000), 10);
    timeline.heard(tone(10, 30000), 20, true);
    timeline.played(tone(20, 10000), 0);
    timeline.end(20);
    expect(joined("mixed")).toEqual([...Array(10).fill(32767), ...Array(10).fill(10000)]);
  });

  it("settles in pieces while the call goes on; frames older than the settled point are clipped, not misplaced", () => {
    const { timeline, joined } = collect(0);
    timeline.heard(tone(100, 1), 100);
    timeline.settle(60);
    timeline.played(tone(20, 2), 40); // scheduled at 60 at the earliest: 40–60 is already out
    expect(timeline.end(100)).toBe(100);
    const mixed = joined("mixed");
    expect(mixed).toHaveLength(100);
    expect(mixed.slice(60, 80)).toEqual(Array(20).fill(3));
  });
});

describe("PeakMeter", () => {
  it("keeps the peak of each block and folds them to the bucket count", () => {
    const meter = new PeakMeter(10);
    const samples = new Int16Array(100);
    samples[5] = 16384;
    samples[95] = -32768;
    meter.add(samples);
    expect(meter.peaks(100)).toEqual([0.5, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(meter.peaks(5)).toEqual([0.5, 0, 0, 0, 1]);
  });
});
