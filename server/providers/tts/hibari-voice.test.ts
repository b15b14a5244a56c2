import { beforeAll, describe, expect, it } from "vitest";
import type { PcmFrame } from "../../core/ports";
import type { ReplyEvent } from "../../core/dialogue/dialogue";
import { createLogger } from "../../core/log";
import { concatFrames, durationMs, rms } from "../../voice/audio";
import { createSpeaker } from "../../voice/speaker";
import { InMemoryChannel } from "../../voice/testing/in-memory-channel";
import { MemoryStore } from "../../voice/testing/memory-store";
import { assertAssets } from "./hibari/assets";
import { testAssetsDir } from "./hibari/testing/assets-dir";
import { createHibariTts, preloadHibari } from "./hibari-voice";
import { createTts } from "./index";

async function collect(frames: AsyncIterable<PcmFrame>): Promise<PcmFrame[]> {
  const out: PcmFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

/** Longest pause between 5 ms timer ticks while `work` runs: how long the event loop was held. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(longest, performance.now() - last);
}

describe("hibari TTS", () => {
  beforeAll(async () => {
    assertAssets(testAssetsDir);
    await preloadHibari(testAssetsDir);
  }, 60_000);

  const tts = createHibariTts({ assetsDir: testAssetsDir });

  it("is the local voice by default", () => {
    expect(createTts({ TTS_PROVIDER: "local", TTS_VOICE: "heart", HIBARI_ASSETS_DIR: testAssetsDir }).name).toBe("hibari-heart");
    expect(createTts({ TTS_PROVIDER: "openai", TTS_VOICE: "heart", HIBARI_ASSETS_DIR: testAssetsDir, OPENAI_API_KEY: "sk" }).name).toBe(
      "openai:gpt-4o-mini-tts:coral|hibari-heart",
    );
    expect(() => createTts({ TTS_PROVIDER: "local", TTS_VOICE: "heart", HIBARI_ASSETS_DIR: "/nonexistent" })).toThrow(/HIBARI_ASSETS_DIR/);
  });

  it("speaks 16 kHz audio in 20 ms frames, starting at once", async () => {
    const frames = await collect(tts.synthesize("Thank you for calling Harbor Cafe."));
    expect(tts.sampleRate).toBe(16000);
    expect(frames.every((f) => f.sampleRate === 16000 && f.samples.length <= 320)).toBe(true);
    const audio = concatFrames(frames);
    expect(durationMs(audio)).toBeGreaterThan(1200);
    expect(durationMs(audio)).toBeLessThan(3500);
    expect(rms(audio.samples)).toBeGreaterThan(500);
    // hibari's ~0.3 s of leading digital silence is trimmed to 40 ms; after that comes the voice's own (quiet) onset.
    expect(frames.findIndex((f) => rms(f.samples) >= 3) * 20).toBeLessThanOrEqual(60);
    expect(frames.findIndex((f) => rms(f.samples) > 300) * 20).toBeLessThanOrEqual(200);
  });

  it("speaks every sentence of a longer text, in order", async () => {
    const one = durationMs(concatFrames(await collect(tts.synthesize("We open at seven."))));
    const two = durationMs(concatFrames(await collect(tts.synthesize("We open at seven. We close at nine."))));
    expect(two).toBeGreaterThan(one * 1.6);
  });

  it("speaks more slowly to a phone caller when TTS_PHONE_SPEED says so, and to the web at its own pace", async () => {
    const env = { TTS_PROVIDER: "local", TTS_VOICE: "heart", HIBARI_ASSETS_DIR: testAssetsDir, TTS_PHONE_SPEED: 0.8 } as const;
    const text = "Your table for four is booked for Friday at seven thirty.";
    const web = durationMs(concatFrames(await collect(createTts(env, { channel: "web" }).synthesize(text))));
    const phone = durationMs(concatFrames(await collect(createTts(env, { channel: "phone" }).synthesize(text))));
    expect(phone).toBeGreaterThan(web * 1.1);
  });

  it("yields nothing for empty or unspeakable text", async () => {
    expect(await collect(tts.synthesize(""))).toHaveLength(0);
    expect(await collect(tts.synthesize("  \n ... "))).toHaveLength(0);
  });

  it("stops promptly and quietly when aborted, and speaks again after", async () => {
    const controller = new AbortController();
    let received = 0;
    const started = performance.now();
    for await (const frame of tts.synthesize("This answer is long enough to need many frames, so a barge-in cuts it short. And there is more.", { signal: controller.signal })) {
      void frame;
      if (++received === 5) controller.abort();
    }
    expect(received).toBe(5);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await collect(tts.synthesize("Hello.", { signal: AbortSignal.abort() }))).toHaveLength(0);
    expect((await collect(tts.synthesize("Still here."))).length).toBeGreaterThan(20);
  });

  it("keeps the event loop free while it synthesises", async () => {
    const stall = await longestStall(() => collect(tts.synthesize("We are open Monday to Friday from eight in the morning to six in the evening, and on weekends from nine to four.")));
    expect(stall).toBeLessThan(60);
  });

  it("stores the TTS first byte per turn and stops at a barge-in, through the product's speaker", async () => {
    const channel = new InMemoryChannel(async function* () {});
    channel.playbackMsPerFrame = 20; // real time
    const store = new MemoryStore();
    const speaker = createSpeaker({ channel, tts, store, conversationId: "c1", log: createLogger({}, "error") });
    async function* events(): AsyncIterable<ReplyEvent> {
      for (const delta of ["Your order ", "four two seven one ", "has shipped. ", "It should arrive on Friday, and the courier will text you when it is close."]) yield { type: "text", delta };
    }
    const bargeIn = new AbortController();
    const reply = speaker.prepare();
    const speaking = speaker.speak(reply, events(), { signal: bargeIn.signal, gate: undefined });
    await new Promise((r) => setTimeout(r, 1500));
    bargeIn.abort();
    await speaking;
    const played = channel.played[0];
    expect(played?.abortedAt).toBeDefined();
    expect((played?.endedAt ?? Infinity) - (played?.abortedAt ?? 0)).toBeLessThan(100);
    expect(reply.ttsFirstByteMs).toBeGreaterThanOrEqual(0);
    expect(reply.ttsFirstByteMs).toBeLessThan(1000);
    expect(store.turns.at(-1)?.latency?.ttsFirstByteMs).toBe(reply.ttsFirstByteMs);
    // The worker dropped the rest: the next reply starts at once.
    const started = performance.now();
    const next = await collect(tts.synthesize("Anything else?"));
    expect(next.length).toBeGreaterThan(10);
    expect(performance.now() - started).toBeLessThan(1500);
  }, 30_000);
});

