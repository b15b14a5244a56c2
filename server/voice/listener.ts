import type { PcmFrame, SpeechToText, StreamOptions, SttEvent, VoiceActivityDetector } from "../core/ports";
import { AsyncQueue } from "./async-queue";
import { defaultEndpointing, endOfTurnDelayMs, type EndpointingOptions } from "./endpointing";

/** One user turn, closed by the end-of-turn decision. */
export interface Utterance {
  readonly id: string;
  /** Estimated wall-clock start and end of the speech itself. */
  readonly speechStartMs: number;
  readonly speechEndMs: number;
  /** When the end-of-turn decision was taken (speech end + silence + adaptive delay). */
  readonly endOfTurnAtMs: number;
  /** Resolves with the final transcript and when it arrived. */
  readonly transcript: Promise<{ text: string; atMs: number }>;
}

export type ListenEvent =
  | { readonly type: "speech_start"; readonly utteranceId: string; readonly atMs: number }
  /** The VAD heard silence: the turn may be over. Carries the transcript so far (for preemptive replies). */
  | { readonly type: "end_proposed"; readonly utteranceId: string; readonly text: string }
  /** Speech went on after a proposed end: the same turn continues. */
  | { readonly type: "speech_resumed"; readonly utteranceId: string }
  | { readonly type: "interim"; readonly utteranceId: string; readonly text: string }
  | { readonly type: "utterance"; readonly utterance: Utterance };

export interface ListenOptions extends StreamOptions {
  /** Audio kept from before the VAD fires, so the first syllable is not cut. */
  prerollMs?: number;
  endpointing?: EndpointingOptions;
  /**
   * Longest utterance: speech (or noise the VAD takes for speech) going on
   * longer than this ends the turn anyway, so one caller cannot hold the STT
   * and the turn open for the whole call.
   */
  maxUtteranceMs?: number;
}

interface OpenUtterance {
  id: string;
  audio: AsyncQueue<PcmFrame>;
  startMs: number;
  /** Audio fed to the STT so far. */
  audioMs: number;
  lastInterim: string;
  transcript: Utterance["transcript"];
  pendingEnd?: { timer: ReturnType<typeof setTimeout>; speechEndMs: number; proposedAtMs: number; delayMs: number };
}

/**
 * Stream function: caller audio in, speech events and utterances out. Frames
 * flow to the VAD and, while an utterance is open, straight into a streaming
 * STT session, so the final transcript is ready moments after the end of turn.
 * A VAD silence only proposes the end of turn; the transcript decides how long
 * to wait (endpointing.ts), and speech that resumes in that window continues
 * the same utterance.
 */
export function listen(
  frames: AsyncIterable<PcmFrame>,
  vad: VoiceActivityDetector,
  stt: SpeechToText,
  options: ListenOptions = {},
): AsyncIterable<ListenEvent> {
  const prerollMs = options.prerollMs ?? 600;
  const maxUtteranceMs = options.maxUtteranceMs ?? Number.POSITIVE_INFINITY;
  const endpointing = options.endpointing ?? defaultEndpointing;
  const vadInput = new AsyncQueue<PcmFrame>();
  const out = new AsyncQueue<ListenEvent>();
  let preroll: PcmFrame[] = [];
  let prerollKeptMs = 0;
  let open: OpenUtterance | undefined;
  let counter = 0;

  const close = (speechEndMs: number) => {
    if (!open) return;
    const done = open;
    open = undefined;
    if (done.pendingEnd) clearTimeout(done.pendingEnd.timer);
    done.audio.close();
    out.push({
      type: "utterance",
      utterance: { id: done.id, speechStartMs: done.startMs, speechEndMs, endOfTurnAtMs: Date.now(), transcript: done.transcript },
    });
  };

  /**
   * The recogniser's partials trail the audio (more so on a busy machine): the
   * wait chosen at the VAD's silence may rest on "what are your" when the
   * caller already said "what are your opening hours". A later partial that
   * sounds complete brings the decision forward; one that sounds unfinished
   * never pushes it back past what was chosen.
   */
  const shortenPendingEnd = (utterance: OpenUtterance, text: string) => {
    const pending = utterance.pendingEnd;
    if (!pending || open !== utterance) return;
    const delay = endOfTurnDelayMs(text, endpointing);
    if (delay >= pending.delayMs) return;
    clearTimeout(pending.timer);
    pending.delayMs = delay;
    pending.timer = setTimeout(
      () => {
        if (open === utterance) close(pending.speechEndMs);
      },
      Math.max(0, pending.proposedAtMs + delay - Date.now()),
    );
  };

  const onEvents = (async () => {
    for await (const event of vad.detect(vadInput, { signal: options.signal })) {
      if (event.type === "speech_start") {
        if (open?.pendingEnd) {
          // The caller paused and went on: same turn.
          clearTimeout(open.pendingEnd.timer);
          open.pendingEnd = undefined;
          out.push({ type: "speech_resumed", utteranceId: open.id });
          continue;
        }
        if (open) continue;
        const audio = new AsyncQueue<PcmFrame>();
        for (const frame of preroll) audio.push(frame);
        preroll = [];
        prerollKeptMs = 0;
        const id = `u${++counter}-${Date.now().toString(36)}`;
        const utterance: OpenUtterance = { id, audio, startMs: event.atMs, audioMs: 0, lastInterim: "", transcript: Promise.resolve({ text: "", atMs: 0 }) };
        utterance.transcript = finalOf(stt.transcribe(audio, { signal: options.signal }), (text) => {
          utterance.lastInterim = text;
          out.push({ type: "interim", utteranceId: id, text });
          shortenPendingEnd(utterance, text);
        });
        // Awaited later by the turn handler; mark it handled so an STT failure
        // before then is not an unhandled rejection.
        utterance.transcript.catch(() => undefined);
        open = utterance;
        out.push({ type: "speech_start", utteranceId: id, atMs: event.atMs });
      } else if (event.type === "speech_end" && open && !open.pendingEnd) {
        const current = open;
        const delay = endOfTurnDelayMs(current.lastInterim, endpointing);
        current.pendingEnd = {
          speechEndMs: event.atMs,
          proposedAtMs: Date.now(),
          delayMs: delay,
          timer: setTimeout(() => {
            if (open === current) close(event.atMs);
          }, delay),
        };
        out.push({ type: "end_proposed", utteranceId: current.id, text: current.lastInterim });
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
          open.audioMs += frameMs(frame);
          if (open.audioMs > maxUtteranceMs) close(Date.now());
        } else {
          // A running total: this runs for every frame of every call.
          preroll.push(frame);
          prerollKeptMs += frameMs(frame);
          while (prerollKeptMs > prerollMs && preroll.length > 1) {
            prerollKeptMs -= frameMs(preroll.shift()!);
          }
        }
      }
    } finally {
      vadInput.close();
      await onEvents.catch(() => undefined);
      // The caller left mid-sentence: keep what was said rather than drop the turn.
      if (open) close(open.pendingEnd?.speechEndMs ?? Date.now());
      out.close();
    }
  })();
  onFrames.catch(() => out.close());
  return out;
}

async function finalOf(events: AsyncIterable<SttEvent>, onInterim: (text: string) => void): Promise<{ text: string; atMs: number }> {
  let last = "";
  for await (const event of events) {
    if (event.type === "interim") onInterim(event.text);
    else last = last ? `${last} ${event.text}` : event.text;
  }
  return { text: last.trim(), atMs: Date.now() };
}

function frameMs(frame: PcmFrame): number {
  return (frame.samples.length * 1000) / frame.sampleRate;
}
