import { splitSentences } from "./sentences";

/**
 * Stream function: LLM text deltas in, whole sentences out as soon as each one
 * is complete, so TTS can speak the first sentence while the rest is written.
 */
export async function* sentencesFrom(deltas: AsyncIterable<string>): AsyncIterable<string> {
  let buffer = "";
  for await (const delta of deltas) {
    buffer += delta;
    const sentences = splitSentences(buffer);
    // The last piece may be unfinished unless the buffer ends on a sentence end.
    const complete = /[.!?]["')\]]?\s*$/.test(buffer) ? sentences : sentences.slice(0, -1);
    for (const s of complete) yield s;
    buffer = /[.!?]["')\]]?\s*$/.test(buffer) ? "" : (sentences.at(-1) ?? "");
  }
  const rest = buffer.trim();
  if (rest) yield rest;
}
