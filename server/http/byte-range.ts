/**
 * One HTTP byte range (RFC 9110 §14) of a file of `size` bytes: what a media
 * element asks for to learn an Ogg file's duration (its last page) and to seek.
 * Several ranges in one request are answered with the first only — a client
 * may not get multipart back, but no browser asks a media URL for several.
 */
export type ByteRange = { start: number; end: number } | "unsatisfiable" | undefined;

export function parseByteRange(header: string | null, size: number): ByteRange {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)/.exec(header.trim());
  if (!match) return undefined;
  const [, from = "", to = ""] = match;
  if (from === "" && to === "") return undefined;
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return "unsatisfiable";
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (end < start) return undefined;
  return { start, end };
}
