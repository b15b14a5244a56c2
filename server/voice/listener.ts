import type {
  PcmFrame,
  SpeechToText,
  StreamOptions,
  SttEvent,
  VoiceActivityDetector,
} from "../core/ports";
import { AsyncQueue } from "./async-queue";

/** One stretch of user speech, closed by the VAD's end-of-speech. */
export interface Utterance {
  readonly id: string;
  /** Estimated wall-clock start and end of the speech itself. */
  readonly speechStartMs: number;
  readonly speechEndMs: number;
  /** When the end-of-turn decision was taken (speech end + trailing silence). */
  readonly endOfTurnAtMs: number;
  /** Resolves with the final transcript and when it arrived. */
  readonly transcript: Promise<{ text: string; atMs: number }>;
}

export interface ListenOptions extends StreamOptions {
  /** Audio kept from before the VAD fires, so the first syllable is not cut. */
  prerollMs?: number;
  onInterim?: (utteranceId: string, text: string) => void;
}

/**
 * Stream function: caller audio in, utterances out. Frames flow to the VAD and,
 * while speech is open, straight into a streaming STT session, so the final
 * transcript is ready moments after the end of speech.
 */
export async function* listen(
  frames: AsyncIterable<PcmFrame>,
  vad: VoiceActivityDetector,
  stt: SpeechToText,
  options: ListenOptions = {},
): AsyncIterable<Utterance> {
  const prerollMs = options.prerollMs ?? 600;
  const vadInput = new AsyncQueue<PcmFrame>();
  const out = new AsyncQueue<Utterance>();
  let preroll: PcmFrame[] = [];
  let open:
    | { id: string; audio: AsyncQueue<PcmFrame>; startMs: number; transcript: Utterance["transcript"] }
    | undefined;
  let counter = 0;

  const onEvents = (async () => {
    for await (const event of vad.detect(vadInput, { signal: options.signal })) {
      if (event.type === "speech_start" && !open) {
        const audio = new AsyncQueue<PcmFrame>();
        for (const frame of preroll) audio.push(frame);
        preroll = [];
        const id = `u${++counter}-${Date.now().toString(36)}`;
        const transcript = finalOf(stt.transcribe(audio, { signal: options.signal }), (text) =>
          options.onInterim?.(id, text),
        );
        // Awaited later by the turn handler; mark it handled so an STT failure
        // before then is not an unhandled rejection.
        transcript.catch(() => undefined);
        open = { id, audio, startMs: event.atMs, transcript };
      } else if (event.type === "speech_end" && open) {
        open.audio.close();
        out.push({
          id: open.id,
          speechStartMs: open.startMs,
          speechEndMs: event.atMs,
          endOfTurnAtMs: Date.now(),
          transcript: open.transcript,
        });
        open = undefined;
      }
    }
  })();

  const onFrames = (async () => {
    try {
      for await (const frame of frames) {
        if (options.signal?.aborted) break;
        vadInput.push(frame);
        if (open) {
          open.audio.push(frame);
        } else {
          preroll.push(frame);
          let kept = preroll.reduce((ms, f) => ms + (f.samples.length * 1000) / f.sampleRate, 0);
          while (kept > prerollMs && preroll.length > 1) {
            const dropped = preroll.shift();
            if (dropped) kept -= (dropped.samples.length * 1000) / dropped.sampleRate;
          }
        }
      }
    } finally {
      vadInput.close();
      await onEvents.catch(() => undefined);
      // The caller left mid-sentence: keep what was said rather than drop the turn.
      if (open) {
        open.audio.close();
        out.push({
          id: open.id,
          speechStartMs: open.startMs,
          speechEndMs: Date.now(),
          endOfTurnAtMs: Date.now(),
          transcript: open.transcript,
        });
        open = undefined;
      }
      out.close();
    }
  })();

  try {
    yield* out;
  } finally {
    await onFrames.catch(() => undefined);
  }
}

async function finalOf(
  events: AsyncIterable<SttEvent>,
  onInterim: (text: string) => void,
): Promise<{ text: string; atMs: number }> {
  let last = "";
  for await (const event of events) {
    if (event.type === "interim") onInterim(event.text);
    else last = event.text;
  }
  return { text: last.trim(), atMs: Date.now() };
}
