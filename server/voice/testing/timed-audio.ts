import type { PcmFrame } from "../../core/ports";

const FRAME_MS = 20;

/**
 * Silent caller audio paced in real time (the pipeline's turn-taking timers
 * are wall clock), 20 ms frames at 16 kHz: for `ms`, or until the caller
 * leaves when `ms` is omitted (the channel ends it then).
 */
export function silentAudio(ms = Number.POSITIVE_INFINITY): () => AsyncIterable<PcmFrame> {
  return async function* () {
    const start = Date.now();
    for (let i = 0; i * FRAME_MS < ms; i++) {
      const due = start + i * FRAME_MS - Date.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      yield { samples: new Int16Array(320), sampleRate: 16000 };
    }
  };
}
