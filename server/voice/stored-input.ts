import type { ReplyEvent } from "../core/dialogue/dialogue";

export type StoredInput = Extract<ReplyEvent, { type: "input" }>;

/**
 * Passes a turn's reply events through and hands its first event, the user's
 * words as they may be stored, to `onInput` — exactly once: with undefined
 * when the stream started with something else or ended without it, so whoever
 * waits to store the turn is never left waiting.
 */
export async function* withStoredInput(events: AsyncIterable<ReplyEvent>, onInput: (input: StoredInput | undefined) => void): AsyncIterable<ReplyEvent> {
  let announced = false;
  const announce = (input: StoredInput | undefined) => {
    if (announced) return;
    announced = true;
    onInput(input);
  };
  try {
    for await (const event of events) {
      if (event.type === "input") {
        announce(event);
        continue;
      }
      announce(undefined);
      yield event;
    }
  } finally {
    announce(undefined);
  }
}
