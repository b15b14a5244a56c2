/**
 * Backchannels ("mm-hmm", "yeah", "okay") while the agent talks mean "go on",
 * not "stop": they must not count as an interruption.
 */
const backchannels = new Set([
  "mm", "mmm", "hmm", "mhm", "mm-hmm", "mmhmm", "uh-huh", "uhhuh", "uh", "um", "ah", "oh", "yeah", "yep", "yes",
  "ok", "okay", "right", "sure", "alright", "i see", "got it", "cool", "nice", "great",
]);
const fillers = new Set(["uh", "um", "er", "erm", "hmm", "mm", "mmm", "ah", "oh", "the", "a"]);

function words(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z' -]+/g, " ").split(/\s+/).filter(Boolean);
}

export function isBackchannel(text: string): boolean {
  const w = words(text);
  if (w.length === 0) return true;
  if (w.length > 3) return false;
  return backchannels.has(w.join(" ")) || w.every((x) => backchannels.has(x));
}

/** Words that carry meaning (not fillers, not backchannels) in an interim transcript. */
export function meaningfulWords(text: string): number {
  if (isBackchannel(text)) return 0;
  return words(text).filter((w) => !fillers.has(w)).length;
}
