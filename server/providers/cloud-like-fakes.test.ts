import { describe, expect, it } from "vitest";
import type { PcmFrame, SttEvent } from "../core/ports";
import type { LlmEvent } from "../core/dialogue/llm-port";
import { createLlm, fakeReply } from "./llm";
import { createStt } from "./stt";
import { createTts } from "./tts";

/** The scripted providers with the benchmarks' cloud-like latencies (FAKE_* variables). */
const frames = (ms: number): AsyncIterable<PcmFrame> =>
  (async function* () {
    // Paced like a live line: the fake's interims are timed from the utterance's start.
    for (let t = 0; t < ms; t += 20) {
      yield { samples: new Int16Array(320), sampleRate: 16000 };
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

const local = { VOSK_MODEL_DIR: "x", VOSK_LIBRARY: "x", TTS_VOICE: "heart" as const };
const llmEnv = { OPENAI_MODEL: "m", LLM_TIMEOUT_MS: 4000 };

describe("cloud-like scripted providers", () => {
  it("STT: the line as an interim once 300 ms of audio came in, the final FAKE_STT_DELAY_MS after the audio ends", async () => {
    const stt = createStt({ STT_PROVIDER: "fake", FAKE_STT_DELAY_MS: 150, FAKE_STT_SCRIPT: ["tell me more"], ...local });
    const seen: (SttEvent & { afterEndMs: number })[] = [];
    let audioEnd = 0;
    const audio = (async function* () {
      yield* frames(600);
      audioEnd = Date.now();
    })();
    for await (const e of stt.transcribe(audio)) seen.push({ ...e, afterEndMs: audioEnd ? Date.now() - audioEnd : -1 });
    expect(seen.map((e) => [e.type, e.text])).toEqual([
      ["interim", "tell me more"],
      ["final", "tell me more"],
    ]);
    expect(seen[0]!.afterEndMs).toBe(-1); // during the audio
    expect(seen[1]!.afterEndMs).toBeGreaterThanOrEqual(140);
  });

  it("LLM: the first delta after FAKE_LLM_FIRST_TOKEN_MS, and the same answer for every request", async () => {
    const llm = createLlm({ LLM_PROVIDER: "fake", FAKE_LLM_FIRST_TOKEN_MS: 200, ...llmEnv })!;
    for (let request = 0; request < 2; request++) {
      const started = Date.now();
      let firstMs = -1;
      let text = "";
      for await (const e of llm.stream({ messages: [{ role: "user", content: "hi" }] }) as AsyncIterable<LlmEvent>) {
        if (e.type !== "text") continue;
        if (firstMs < 0) firstMs = Date.now() - started;
        text += e.delta;
      }
      expect(firstMs).toBeGreaterThanOrEqual(190);
      expect(firstMs).toBeLessThan(1500);
      expect(text).toBe(fakeReply.join(""));
    }
  });

  it("TTS: each sentence's first frame after FAKE_TTS_FIRST_BYTE_MS", async () => {
    const tts = createTts({ TTS_PROVIDER: "fake", TTS_VOICE: "heart", FAKE_TTS_FIRST_BYTE_MS: 120 });
    for (let sentence = 0; sentence < 2; sentence++) {
      const started = Date.now();
      let firstMs = -1;
      let count = 0;
      for await (const frame of tts.synthesize("We open at seven.")) {
        if (firstMs < 0) firstMs = Date.now() - started;
        count += frame.samples.length;
      }
      expect(firstMs).toBeGreaterThanOrEqual(110);
      expect(count).toBeGreaterThan(0);
    }
  });
});
