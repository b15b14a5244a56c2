import type { StreamOptions, TurnKind, VoiceChannel } from "../core/ports";
import { AsyncQueue } from "./async-queue";
import type { Utterance } from "./listener";

export interface KeypadOptions extends StreamOptions {
  /** A pause this long after the last key submits what was typed (a menu choice, or a number without `#`). */
  interDigitMs?: number;
  /** Called on every key as it is pressed, before the entry is complete (a key press cuts the agent off). */
  onKey?: (key: string) => void;
}

/** Text the caller sent during a call, and how: typed in the widget, or keyed on the phone. */
export interface CallerText {
  readonly text: string;
  readonly kind: Extract<TurnKind, "typed" | "keypad">;
}

/**
 * Stream function: single keypad presses in, keypad entries out. Digits
 * accumulate until `#` or a pause; `*` clears the entry. Entries reach the
 * dialogue core as text of digits ("4271"), never through STT or the LLM.
 */
export async function* keypadEntries(keys: AsyncIterable<string>, options: KeypadOptions = {}): AsyncIterable<string> {
  const interDigitMs = options.interDigitMs ?? 2000;
  const out = new AsyncQueue<string>();
  let entry = "";
  let timer: NodeJS.Timeout | undefined;
  const submit = () => {
    clearTimeout(timer);
    if (entry) out.push(entry);
    entry = "";
  };
  void (async () => {
    for await (const key of keys) {
      if (options.signal?.aborted) break;
      if (/^[0-9A-D*#]$/.test(key)) options.onKey?.(key);
      clearTimeout(timer);
      if (key === "#") submit();
      else if (key === "*") entry = "";
      else if (/^[0-9A-D]$/.test(key)) {
        entry += key;
        timer = setTimeout(submit, interDigitMs);
      }
    }
    submit();
    out.close();
  })().catch(() => out.close());
  options.signal?.addEventListener("abort", () => out.close(), { once: true });
  try {
    yield* out;
  } finally {
    clearTimeout(timer);
  }
}

/** Everything the caller sends as text during a call: typed chat (web) and keypad entries (phone), merged, each with its kind. */
export function callerTextInputs(channel: VoiceChannel, options: KeypadOptions = {}): AsyncIterable<CallerText> | undefined {
  const sources = [
    channel.typedText ? tagged(channel.typedText(), "typed") : undefined,
    channel.dtmf ? tagged(keypadEntries(channel.dtmf(), options), "keypad") : undefined,
  ].filter((s): s is AsyncIterable<CallerText> => s !== undefined);
  if (sources.length <= 1) return sources[0];
  const merged = new AsyncQueue<CallerText>();
  let open = sources.length;
  for (const source of sources) {
    void (async () => {
      for await (const text of source) merged.push(text);
    })()
      .catch(() => undefined)
      .finally(() => {
        if (--open === 0) merged.close();
      });
  }
  return merged;
}

async function* tagged(texts: AsyncIterable<string>, kind: CallerText["kind"]): AsyncIterable<CallerText> {
  for await (const text of texts) yield { text, kind };
}

/**
 * Typed messages and keypad entries become turns as they arrive, tagged with
 * their kind: already-transcribed utterances with no speech timing (they
 * carry no latency). `accept` returns false to drop one (the queue is full).
 */
export async function pumpCallerText(
  channel: VoiceChannel,
  options: { signal: AbortSignal; onKey: () => void; accept: (utterance: Utterance, kind: CallerText["kind"]) => boolean; closed: () => boolean },
): Promise<void> {
  const texts = callerTextInputs(channel, { onKey: options.onKey, signal: options.signal });
  if (!texts) return;
  let n = 0;
  for await (const { text, kind } of texts) {
    if (options.signal.aborted || options.closed()) break;
    const clean = text.trim().slice(0, 2000);
    if (!clean) continue;
    const now = Date.now();
    options.accept({ id: `t${++n}-${now.toString(36)}`, speechStartMs: now, speechEndMs: now, endOfTurnAtMs: now, transcript: Promise.resolve({ text: clean, atMs: now }) }, kind);
  }
}
