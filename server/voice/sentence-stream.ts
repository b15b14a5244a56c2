import { cutSentences } from "./sentences";

/**
 * Stream function: LLM text deltas in, whole sentences out as soon as each one
 * is complete, so TTS can speak the first sentence while the rest is written.
 *
 * A sentence is let out only once the character after its end has arrived:
 * "$4." may go on as "$4.00" in the next delta. Whatever is left when the
 * deltas end is the last sentence.
 */
export async function* sentencesFrom(deltas: AsyncIterable<string>): AsyncIterable<string> {
  let pending = "";
  for await (const delta of deltas) {
    const { sentences, rest } = cutSentences(pending + delta);
    for (const sentence of sentences) yield sentence;
    pending = rest;
  }
  const last = pending.trim();
  if (last) yield last;
}
