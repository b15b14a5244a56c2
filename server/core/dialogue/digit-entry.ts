import type { BusinessProfile, DigitCapture, IntentDefinition, KeypadMenu } from "./business-profile";
import { canonicalText } from "./digit-view";
import { spokenDigitsToNumerals } from "./slots";
import type { DialogueState } from "./state";

/**
 * Digits from the caller, by keypad or by voice: the phone menu (one key picks
 * an option) and digit captures (the agent asked for a number and waits for it).
 */

/** "On your keypad, press 1 for opening hours, 2 for …, or 0 for a person." */
export function menuPrompt(menu: KeypadMenu): string {
  const parts = menu.options.map((o, i) => (i === 0 ? `press ${o.key} for ${o.label}` : `${o.key} for ${o.label}`));
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")}, or ${parts.at(-1)}` : parts[0]!;
  return menu.intro ? `${menu.intro} ${list}.` : `${list.charAt(0).toUpperCase()}${list.slice(1)}.`;
}

/** A single key that may pick a menu option; anything longer is data entry. */
export function singleKey(text: string): string | undefined {
  const trimmed = text.trim();
  return /^[0-9]$/.test(trimmed) ? trimmed : undefined;
}

/** Every digit the caller gave, keyed, typed (also fullwidth) or spoken ("four two seven one" → "4271"), in order. */
export function digitsOf(text: string): string {
  return spokenDigitsToNumerals(canonicalText(text).toLowerCase()).replace(/\D+/g, "");
}

export interface PendingCapture {
  readonly intent: IntentDefinition;
  readonly capture: DigitCapture;
}

/** The digit capture the agent is waiting on, if the profile still defines it. */
export function pendingCapture(profile: BusinessProfile, state: DialogueState): PendingCapture | undefined {
  if (!state.capture) return undefined;
  const intent = profile.intents.find((i) => i.name === state.capture?.intent);
  return intent?.capture ? { intent, capture: intent.capture } : undefined;
}

/** "16 digits" or "between 4 and 6 digits". */
export function digitCount(capture: DigitCapture): string {
  return capture.minDigits === capture.maxDigits ? `${capture.minDigits} digits` : `between ${capture.minDigits} and ${capture.maxDigits} digits`;
}

/** The agent waits for digits the business marked sensitive (a card number, a PIN): what the caller keys or says now is not kept. */
export function sensitiveCapturePending(profile: BusinessProfile, state: DialogueState): boolean {
  return pendingCapture(profile, state)?.capture.sensitive === true;
}
