/**
 * A text stream from a room participant, read up to a byte cap: what a
 * visitor types into a call is a short message, and a stream that runs past
 * the cap is dropped (and its reader closed) instead of buffered whole.
 */
export const MAX_TYPED_MESSAGE_BYTES = 8 * 1024;

export async function readCappedText(chunks: AsyncIterable<string>, maxBytes = MAX_TYPED_MESSAGE_BYTES): Promise<string | undefined> {
  let text = "";
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk, "utf8");
    // Leaving the loop early returns the iterator, which closes the stream.
    if (bytes > maxBytes) return undefined;
    text += chunk;
  }
  return text;
}
