import { DeepgramClient, DeepgramEnvironment, type DeepgramEnvironmentUrls, type listen } from "@deepgram/sdk";
import { AudioFrame, AudioResampler, AudioResamplerQuality } from "@livekit/rtc-node";
import { AppError } from "../../core/errors";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions } from "../../core/ports";
import { fromStatus } from "../tts/http-audio";
import { encodeMulaw } from "./mulaw";

export type DeepgramSttEncoding = "linear16" | "mulaw";

export interface DeepgramSttOptions {
  readonly apiKey: string;
  /** REST base URL (`https://api.deepgram.com`); the WebSocket URL is derived from it (https → wss). */
  readonly baseUrl?: string;
  readonly model?: string;
  readonly language?: string;
  /**
   * `linear16` sends the 16 kHz input as is; `mulaw` sends 8 kHz G.711 μ-law
   * (telephony: a quarter of the bytes), downsampling 16 kHz input first.
   */
  readonly encoding?: DeepgramSttEncoding;
  /** Silence after which Deepgram marks a result `speech_final`. */
  readonly endpointingMs?: number;
  readonly connectTimeoutMs?: number;
  /** Longest wait for the last results once the input ended and CloseStream was sent. */
  readonly finalTimeoutMs?: number;
  /**
   * Audio (ms) that may go out with no message back before the stream counts
   * as hung. With interim results on, Deepgram sends Results about once per
   * second of audio, empty ones in silence too, so 1.5 s is one missed answer
   * plus network jitter. A server that went quiet is noticed while the caller
   * still talks (or in the pause before their turn ends), instead of after
   * finalTimeoutMs.
   */
  readonly resultsTimeoutMs?: number;
}

const INPUT_RATE = 16000;
const MULAW_RATE = 8000;
/** Deepgram closes a stream that carries no audio for 10 s; a KeepAlive well before that holds it open. */
const KEEPALIVE_MS = 4000;
/** How long a send refused by a closing socket waits for the close event that says why. */
const CLOSE_GRACE_MS = 1000;

type ListenSocket = Awaited<ReturnType<DeepgramClient["listen"]["v1"]["connect"]>>;

/**
 * Deepgram live transcription (`/v1/listen` WebSocket) as a stream function.
 * One transcribe() call is one utterance on one connection: audio frames go
 * out as they arrive; interim results come back as `interim` events (the
 * utterance so far: the `is_final` segments plus the current guess); when the
 * input ends, CloseStream makes Deepgram finalize the rest, and the joined
 * `is_final` segments become the one `final` event.
 *
 * The SDK's reconnecting socket is told never to reconnect: a retry that
 * silently drops the audio sent so far would corrupt the transcript, and the
 * failover (which kept that audio) replays it to the next engine instead.
 */
export function createDeepgramStt(options: DeepgramSttOptions): SpeechToText {
  const model = options.model ?? "nova-3";
  const encoding = options.encoding ?? "linear16";
  const connectTimeoutMs = options.connectTimeoutMs ?? 4000;
  const finalTimeoutMs = options.finalTimeoutMs ?? 3000;
  const resultsTimeoutMs = options.resultsTimeoutMs ?? 1500;
  const name = `deepgram:${model}`;
  const client = new DeepgramClient({ apiKey: options.apiKey, environment: environment(options.baseUrl) });

  return {
    name,
    sampleRate: INPUT_RATE,
    async *transcribe(frames: AsyncIterable<PcmFrame>, { signal }: StreamOptions = {}): AsyncIterable<SttEvent> {
      if (signal?.aborted) return;
      const state = new UtteranceState();
      const inFlight = new AbortController();
      const onAbort = () => {
        state.settle({ kind: "aborted" });
        inFlight.abort();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const input = frames[Symbol.asyncIterator]();
      const encoder = new AudioEncoder(encoding);
      let inputDone = false;
      let socket: ListenSocket | undefined;
      let keepAlive: ReturnType<typeof setInterval> | undefined;
      let finalTimer: ReturnType<typeof setTimeout> | undefined;
      let closeGrace: ReturnType<typeof setTimeout> | undefined;
      const fail = (error: unknown) => state.settle({ kind: "failed", error: toAppError(error, name, connectTimeoutMs) });

      const pumpAudio = async (open: ListenSocket) => {
        if (!(await state.opened)) return;
        let lastSentAt = Date.now();
        let refused = false;
        const send = (deliver: () => void) => {
          if (refused) return;
          lastSentAt = Date.now();
          try {
            deliver();
          } catch (error) {
            // The socket is closing under us (the server's close frame is in,
            // the TCP close not yet): its close event, with the server's
            // reason, follows. This reports the failure if it never comes.
            refused = true;
            closeGrace = setTimeout(() => fail(error), CLOSE_GRACE_MS);
          }
        };
        keepAlive = setInterval(() => {
          if (Date.now() - lastSentAt < KEEPALIVE_MS || state.done) return;
          send(() => open.sendKeepAlive({ type: "KeepAlive" }));
        }, KEEPALIVE_MS / 2);
        const sendAudio = (bytes: Uint8Array) => {
          if (bytes.length > 0 && !state.done) send(() => open.sendMedia(bytes));
        };
        for (;;) {
          const next = await Promise.race([input.next(), state.settled]);
          if (next === SETTLED || state.done) return;
          if (next.done) break;
          sendAudio(encoder.encode(next.value));
          state.unansweredAudioMs += (next.value.samples.length * 1000) / next.value.sampleRate;
          // Both: a burst of buffered audio is not a silent server, nor is a pause in the caller's audio.
          if (state.unansweredAudioMs > resultsTimeoutMs && Date.now() - state.heardAt > resultsTimeoutMs) {
            fail(new AppError("TIMEOUT", `${name}: no results for ${Math.round(state.unansweredAudioMs)} ms of audio`, { retryable: true }));
            return;
          }
          if (refused) return;
        }
        inputDone = true;
        sendAudio(encoder.flush());
        if (state.done || refused) return;
        send(() => open.sendCloseStream({ type: "CloseStream" }));
        if (refused) return;
        state.finishing = true;
        finalTimer = setTimeout(() => {
          state.settle({
            kind: "failed",
            error: new AppError("TIMEOUT", `${name}: no final transcript within ${finalTimeoutMs} ms of CloseStream`, {
              retryable: true,
            }),
          });
        }, finalTimeoutMs);
      };

      try {
        socket = await client.listen.v1.connect({
          model,
          language: options.language ?? "en",
          encoding,
          sample_rate: encoding === "mulaw" ? MULAW_RATE : INPUT_RATE,
          channels: 1,
          interim_results: "true",
          smart_format: "true",
          endpointing: options.endpointingMs ?? 300,
          abortSignal: inFlight.signal,
          connectionTimeoutInSeconds: connectTimeoutMs / 1000,
          reconnectAttempts: 0,
          shouldReconnect: () => false,
        });
        const open = socket;
        open.on("open", () => state.open());
        open.on("message", (message) => {
          state.unansweredAudioMs = 0;
          state.heardAt = Date.now();
          if (message.type === "Results") state.results(message);
          // Metadata is Deepgram's last word after CloseStream.
          else if (message.type === "Metadata" && state.finishing) state.settle({ kind: "complete" });
        });
        open.on("error", fail);
        open.on("close", (event) => {
          // The SDK reports a failed handshake as a close, then the error that
          // caused it (in the same tick): let the error speak first.
          queueMicrotask(() => {
            if (state.finishing && (event.code === 1000 || event.code === 1005)) {
              state.settle({ kind: "complete" });
              return;
            }
            const reason = event.reason ? `: ${event.reason}` : "";
            state.settle({
              kind: "failed",
              error: new AppError("PROVIDER_ERROR", `${name}: the stream closed unexpectedly (code ${event.code}${reason})`, {
                retryable: true,
              }),
            });
          });
        });
        open.connect();
        void pumpAudio(open).catch(fail);

        for (;;) {
          const step = await state.next();
          if (step.kind === "event") {
            yield step.event;
            continue;
          }
          if (step.kind === "aborted") return;
          if (step.kind === "failed") throw step.error;
          yield state.final();
          return;
        }
      } catch (error) {
        if (signal?.aborted) return;
        throw toAppError(error, name, connectTimeoutMs);
      } finally {
        // Runs on completion, failure, abort, and when the consumer stops reading.
        state.settle({ kind: "aborted" });
        signal?.removeEventListener("abort", onAbort);
        clearInterval(keepAlive);
        clearTimeout(finalTimer);
        clearTimeout(closeGrace);
        socket?.close();
        inFlight.abort();
        encoder.close();
        // Not awaited: a generator's return() queues behind a pending next(),
        // which may never settle if the input is idle.
        if (!inputDone) void input.return?.()?.catch(() => undefined);
      }
    },
  };
}

function environment(baseUrl: string | undefined): DeepgramEnvironmentUrls | undefined {
  if (!baseUrl) return undefined;
  const base = baseUrl.replace(/\/+$/, "");
  return { ...DeepgramEnvironment.Production, base, production: base.replace(/^http/, "ws") };
}

const SETTLED = Symbol("settled");

type Outcome =
  | { readonly kind: "complete" }
  | { readonly kind: "failed"; readonly error: AppError }
  | { readonly kind: "aborted" };

/**
 * One utterance's progress, fed by socket callbacks and read by the
 * generator: the transcript so far, queued interim events, and how it ended.
 */
class UtteranceState {
  /** CloseStream was sent: a normal close now means "all results delivered". */
  finishing = false;
  /** Audio sent since the server last said anything (ms), and when it last did (or the stream opened). */
  unansweredAudioMs = 0;
  heardAt = Date.now();
  readonly opened: Promise<boolean>;
  readonly settled: Promise<typeof SETTLED>;
  private outcome: Outcome | undefined;
  private readonly queue: SttEvent[] = [];
  private readonly finals: { text: string; confidence: number }[] = [];
  private lastInterim = "";
  private wake: (() => void) | undefined;
  private resolveOpened!: (open: boolean) => void;
  private resolveSettled!: (value: typeof SETTLED) => void;

  constructor() {
    this.opened = new Promise((resolve) => (this.resolveOpened = resolve));
    this.settled = new Promise((resolve) => (this.resolveSettled = resolve));
  }

  get done(): boolean {
    return this.outcome !== undefined;
  }

  open(): void {
    this.heardAt = Date.now();
    this.resolveOpened(true);
  }

  results(message: listen.ListenV1Results): void {
    if (this.outcome) return;
    const best = message.channel?.alternatives?.[0];
    const transcript = (best?.transcript ?? "").trim();
    if (message.is_final) {
      if (transcript) this.finals.push({ text: transcript, confidence: best?.confidence ?? 0 });
      this.emitInterim(this.finalText());
    } else {
      this.emitInterim([this.finalText(), transcript].filter(Boolean).join(" "));
    }
  }

  final(): SttEvent {
    const text = this.finalText();
    if (this.finals.length === 0) return { type: "final", text };
    const confidence = this.finals.reduce((sum, f) => sum + f.confidence, 0) / this.finals.length;
    return { type: "final", text, confidence };
  }

  settle(outcome: Outcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.resolveOpened(false);
    this.resolveSettled(SETTLED);
    this.notify();
  }

  /** The next interim event, or how the utterance ended once no event is left (abort skips the queue). */
  async next(): Promise<{ kind: "event"; event: SttEvent } | Outcome> {
    for (;;) {
      if (this.outcome?.kind === "aborted") return this.outcome;
      const event = this.queue.shift();
      if (event) return { kind: "event", event };
      if (this.outcome) return this.outcome;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private finalText(): string {
    return this.finals.map((f) => f.text).join(" ");
  }

  private emitInterim(text: string): void {
    if (!text || text === this.lastInterim) return;
    this.lastInterim = text;
    this.queue.push({ type: "interim", text });
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Frames → the bytes Deepgram was told to expect. */
class AudioEncoder {
  private resampler: AudioResampler | undefined;

  constructor(private readonly encoding: DeepgramSttEncoding) {}

  encode(frame: PcmFrame): Uint8Array {
    if (this.encoding === "linear16") {
      if (frame.sampleRate !== INPUT_RATE) throw wrongRate(frame.sampleRate, `${INPUT_RATE} Hz`);
      // A copy: the socket may still hold the bytes after the caller reuses the frame.
      const { buffer, byteOffset, byteLength } = frame.samples;
      return new Uint8Array(buffer.slice(byteOffset, byteOffset + byteLength));
    }
    if (frame.sampleRate === MULAW_RATE) return encodeMulaw(frame.samples);
    if (frame.sampleRate !== INPUT_RATE) throw wrongRate(frame.sampleRate, `${INPUT_RATE} or ${MULAW_RATE} Hz`);
    this.resampler ??= new AudioResampler(INPUT_RATE, MULAW_RATE, 1, AudioResamplerQuality.MEDIUM);
    // rtc-node reads `data.buffer` from its start, so the samples must own their buffer.
    const samples = frame.samples.byteOffset === 0 ? frame.samples : frame.samples.slice();
    return this.mulaw(this.resampler.push(new AudioFrame(samples, INPUT_RATE, 1, samples.length)));
  }

  /** What the resampler still holds, at the end of the input. */
  flush(): Uint8Array {
    return this.resampler ? this.mulaw(this.resampler.flush()) : new Uint8Array(0);
  }

  close(): void {
    this.resampler?.close();
    this.resampler = undefined;
  }

  private mulaw(frames: AudioFrame[]): Uint8Array {
    const parts = frames.map((f) => encodeMulaw(f.data.subarray(0, f.samplesPerChannel)));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

function wrongRate(got: number, wanted: string): AppError {
  return new AppError("BAD_REQUEST", `deepgram STT needs ${wanted} audio, got a ${got} Hz frame; resample before transcribing`);
}

/** The SDK's socket errors carry only a message: the handshake status is parsed from it. */
function toAppError(error: unknown, name: string, connectTimeoutMs: number): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = /Unexpected server response: (\d{3})/.exec(message)?.[1];
  if (status) return fromStatus(Number(status), `${name}: the server refused the stream with HTTP ${status}`, error);
  if (message === "TIMEOUT") {
    return new AppError("TIMEOUT", `${name}: no connection within ${connectTimeoutMs} ms`, { retryable: true, cause: error });
  }
  return new AppError("UNAVAILABLE", `${name}: ${message}`, { retryable: true, cause: error });
}
