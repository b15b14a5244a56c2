import type { DialogueStateStore } from "../../core/dialogue/dialogue-ports";
import type { DialogueState } from "../../core/dialogue/state";

/**
 * The dialogue state store, seen by the call recorder: a saved state that waits
 * for a sensitive digit capture turns the caller's side of the recording to
 * silence until a state without it is saved (the entry was taken). Keypad tones
 * and spoken digits alike are never kept, without the pipeline knowing.
 */
export function watchSensitiveCaptures(
  states: DialogueStateStore,
  isSensitive: (state: DialogueState) => boolean,
  onChange: (sensitive: boolean) => void,
): DialogueStateStore {
  return {
    load: (conversationId) => states.load(conversationId),
    save: async (input) => {
      // Before the write: the caller may start keying as soon as the prompt is heard.
      onChange(isSensitive(input.state));
      await states.save(input);
    },
  };
}
