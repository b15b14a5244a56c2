import { sleep } from "../../core/abortable";
import type { PcmFrame, StreamOptions, TextToSpeech } from "../../core/ports";

const SAMPLE_RATE = 16000;
const FRAME_SAMPLES = SAMPLE_RATE / 50; // 20 ms

/**
 * Tone TTS for tests and `TTS_PROVIDER=fake`: a 440 Hz tone whose length
 * grows with the text (about a speaking rate), so timing-dependent pipeline
 * behaviour such as barge-in can be exercised without a speech engine.
 * `firstByteMs` delays each sentence's first frame like a cloud voice's
 * time to first byte (the benchmarks' cloud-like profile).
 */
export function createToneTts(options: { msPerCharacter?: number; firstByteMs?: number } = {}): TextToSpeech {
  const msPerCharacter = options.msPerCharacter ?? 60;
  const firstByteMs = options.firstByteMs ?? 0;
  return {
    name: "tone-tts",
    sampleRate: SAMPLE_RATE,
    async *synthesize(text: string, { signal }: StreamOptions = {}): AsyncIterable<PcmFrame> {
      const totalSamples = Math.round((text.trim().length * msPerCharacter * SAMPLE_RATE) / 1000);
      if (firstByteMs > 0) await sleep(firstByteMs, signal);
      for (let start = 0; start < totalSamples; start += FRAME_SAMPLES) {
        if (signal?.aborted) return;
        const samples = new Int16Array(Math.min(FRAME_SAMPLES, totalSamples - start));
        for (let i = 0; i < samples.length; i++) {
          samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (start + i)) / SAMPLE_RATE));
        }
        yield { samples, sampleRate: SAMPLE_RATE };
      }
    },
  };
}
