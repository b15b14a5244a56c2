/**
 * Adaptive end-of-turn: after the VAD's short silence, how much longer to wait
 * before deciding the caller has finished. A complete sentence or a complete
 * intent shortens the wait; a trailing "and…", "um", or digits still being
 * read lengthen it, so callers are not cut off mid-thought.
 */
export interface EndpointingOptions {
  /** Extra wait when the transcript looks complete. */
  readonly minDelayMs: number;
  /** Extra wait when the caller is clearly mid-thought. */
  readonly maxDelayMs: number;
  /** Optional: true when the text is a complete, confidently recognised intent. */
  readonly isCompleteIntent?: (text: string) => boolean;
}

export const defaultEndpointing: EndpointingOptions = { minDelayMs: 150, maxDelayMs: 1400 };

const trailingIncomplete = new Set([
  "and", "or", "but", "so", "because", "um", "uh", "er", "erm", "hmm", "the", "a", "an", "to", "for", "of",
  "my", "your", "is", "are", "with", "at", "in", "on", "if", "then", "like", "about", "number", "order",
]);
const digitWords = /^(zero|oh|one|two|three|four|five|six|seven|eight|nine|\d+)$/;

export type TurnCue = "complete" | "incomplete" | "unknown";

export function turnCue(text: string, options: EndpointingOptions = defaultEndpointing): TurnCue {
  const words = text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").trim().split(/\s+/).filter(Boolean);
  const last = words.at(-1);
  if (!last) return "unknown";
  if (trailingIncomplete.has(last)) return "incomplete";
  // Digits being read out ("four two seven …") pause between groups.
  if (digitWords.test(last) && words.filter((w) => digitWords.test(w)).length < 4) return "incomplete";
  if (options.isCompleteIntent?.(text)) return "complete";
  return words.length >= 2 ? "complete" : "unknown";
}

export function endOfTurnDelayMs(text: string, options: EndpointingOptions = defaultEndpointing): number {
  switch (turnCue(text, options)) {
    case "complete":
      return options.minDelayMs;
    case "incomplete":
      return options.maxDelayMs;
    default:
      return Math.round((options.minDelayMs + options.maxDelayMs) / 2);
  }
}
