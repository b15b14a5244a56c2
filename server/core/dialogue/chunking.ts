/**
 * Splits a markdown document into retrieval chunks: one per section (the text
 * under a heading), with long sections split further on paragraph, then
 * sentence, then word boundaries so no chunk exceeds `maxChars`.
 *
 * Small chunks keep a retrieved passage on topic and short enough to quote to
 * the LLM; the heading path ("Allergens > Nuts") travels with every piece of a
 * section, so a split chunk still says what it is about.
 *
 * Supported markdown: ATX headings (`#` to `######`); a `#` line inside a
 * fenced code block is not a heading. Setext headings (underlined with `===`)
 * are treated as text.
 */

export interface MarkdownChunk {
  /** Position in the document, from 0. */
  readonly ord: number;
  /**
   * Headings below the title that lead to this chunk, joined with " > "
   * (e.g. "Lunch > Sandwiches"); undefined for text before the first section.
   */
  readonly heading?: string;
  readonly content: string;
}

export interface ChunkedDocument {
  /** Text of the first `# ` heading; undefined when the document has none. */
  readonly title?: string;
  readonly chunks: MarkdownChunk[];
}

export interface ChunkOptions {
  /** Upper bound on a chunk's content length, in characters. */
  readonly maxChars?: number;
}

export const DEFAULT_MAX_CHUNK_CHARS = 700;

const HEADING_SEPARATOR = " > ";
const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

interface Section {
  readonly heading?: string;
  readonly lines: string[];
}

export function chunkMarkdown(markdown: string, options: ChunkOptions = {}): ChunkedDocument {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHUNK_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 1) {
    throw new RangeError(`maxChars must be a positive integer, got ${maxChars}`);
  }
  const { title, sections } = splitSections(markdown);
  const chunks: MarkdownChunk[] = [];
  for (const section of sections) {
    const body = section.lines.join("\n").trim();
    if (body === "") continue;
    for (const content of packParagraphs(body, maxChars)) {
      chunks.push({ ord: chunks.length, heading: section.heading, content });
    }
  }
  return { title, chunks };
}

function splitSections(markdown: string): { title?: string; sections: Section[] } {
  let title: string | undefined;
  // path[i] is the current heading at level i + 2 (level 1 is the title).
  const path: (string | undefined)[] = [];
  let current: Section = { lines: [] };
  const sections: Section[] = [current];
  let fence: string | undefined;

  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1]) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fence === fenceMatch[1]) fence = undefined;
      current.lines.push(line);
      continue;
    }
    const heading = fence === undefined ? ATX_HEADING.exec(line) : null;
    if (!heading?.[1]) {
      current.lines.push(line);
      continue;
    }
    const level = heading[1].length;
    const text = (heading[2] ?? "").trim();
    if (level === 1 && title === undefined) {
      title = text;
      continue;
    }
    // A later `# ` heading is treated as a top-level section.
    const depth = Math.max(level - 2, 0);
    path.length = depth;
    path[depth] = text;
    const headingPath = path.filter((part): part is string => Boolean(part)).join(HEADING_SEPARATOR);
    current = { heading: headingPath || undefined, lines: [] };
    sections.push(current);
  }
  return { title, sections };
}

/** Greedily packs the section's paragraphs into chunks of at most maxChars. */
function packParagraphs(body: string, maxChars: number): string[] {
  const pieces = body
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .flatMap((paragraph) => (paragraph.length <= maxChars ? [paragraph] : splitParagraph(paragraph, maxChars)))
    .map((text) => ({ text, separator: "\n\n" }));
  return pack(pieces, maxChars);
}

/** A piece of text and what joins it to the piece before it in the same chunk. */
interface Piece {
  readonly text: string;
  readonly separator: string;
}

/**
 * A paragraph too long for one chunk: split at line breaks (list items stay
 * one per line), then after sentence-ending punctuation followed by a space.
 */
function splitParagraph(paragraph: string, maxChars: number): string[] {
  const pieces = paragraph.split("\n").flatMap((line) =>
    line
      .trim()
      .split(/(?<=[.!?]["')\]]?)\s+/)
      .filter((sentence) => sentence !== "")
      .flatMap((sentence, i) => {
        const separator = i === 0 ? "\n" : " ";
        if (sentence.length <= maxChars) return [{ text: sentence, separator }];
        return splitWords(sentence, maxChars).map((text, j) => ({ text, separator: j === 0 ? separator : " " }));
      }),
  );
  return pack(pieces, maxChars);
}

/** Last resort for a single over-long sentence: break between words, or inside a word. */
function splitWords(sentence: string, maxChars: number): string[] {
  const pieces = sentence.split(/\s+/).flatMap((word) => {
    const parts: Piece[] = [];
    for (let i = 0; i < word.length; i += maxChars) {
      parts.push({ text: word.slice(i, i + maxChars), separator: i === 0 ? " " : "" });
    }
    return parts;
  });
  return pack(pieces, maxChars);
}

function pack(pieces: readonly Piece[], maxChars: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const { text, separator } of pieces) {
    if (current === "") current = text;
    else if (current.length + separator.length + text.length <= maxChars) current += separator + text;
    else {
      out.push(current);
      current = text;
    }
  }
  if (current !== "") out.push(current);
  return out;
}
