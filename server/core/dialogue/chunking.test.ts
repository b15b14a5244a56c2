import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chunkMarkdown, DEFAULT_MAX_CHUNK_CHARS } from "./chunking";

describe("chunkMarkdown", () => {
  it("takes the first `# ` line as the title and makes one chunk per section", () => {
    const doc = chunkMarkdown(
      [
        "# Harbor Cafe Menu",
        "",
        "Baked on site every morning.",
        "",
        "## Drinks",
        "Latte $4.75.",
        "",
        "## Food",
        "",
        "Pancakes $12.00.",
      ].join("\n"),
    );
    expect(doc.title).toBe("Harbor Cafe Menu");
    expect(doc.chunks).toEqual([
      { ord: 0, heading: undefined, content: "Baked on site every morning." },
      { ord: 1, heading: "Drinks", content: "Latte $4.75." },
      { ord: 2, heading: "Food", content: "Pancakes $12.00." },
    ]);
  });

  it("keeps the heading path of nested sections and skips empty ones", () => {
    const doc = chunkMarkdown(
      [
        "# Menu",
        "## Lunch",
        "### Sandwiches ###",
        "Club $15.",
        "#### Extras",
        "Gluten-free bread $1.50.",
        "### Soups",
        "Chowder $9.",
        "## Drinks",
        "Tea $3.25.",
      ].join("\n"),
    );
    expect(doc.chunks.map((c) => [c.heading, c.content])).toEqual([
      ["Lunch > Sandwiches", "Club $15."],
      ["Lunch > Sandwiches > Extras", "Gluten-free bread $1.50."],
      ["Lunch > Soups", "Chowder $9."],
      ["Drinks", "Tea $3.25."],
    ]);
  });

  it("has no title without a `# ` line, and ignores headings inside code fences", () => {
    const doc = chunkMarkdown(["## Setup", "```sh", "# not a heading", "```", "Done."].join("\r\n"));
    expect(doc.title).toBeUndefined();
    expect(doc.chunks).toEqual([
      { ord: 0, heading: "Setup", content: "```sh\n# not a heading\n```\nDone." },
    ]);
  });

  it("splits a long section on paragraph boundaries, keeping the heading on every piece", () => {
    const paragraph = (n: number) => `Paragraph ${n}. ` + "Fresh coffee every day. ".repeat(8).trim();
    const body = [1, 2, 3, 4].map(paragraph).join("\n\n");
    const doc = chunkMarkdown(`# T\n## Coffee\n${body}`, { maxChars: 450 });
    expect(doc.chunks.length).toBeGreaterThan(1);
    for (const chunk of doc.chunks) {
      expect(chunk.heading).toBe("Coffee");
      expect(chunk.content.length).toBeLessThanOrEqual(450);
      // Whole paragraphs only: every chunk starts at a paragraph.
      expect(chunk.content).toMatch(/^Paragraph \d\./);
    }
    expect(doc.chunks.map((c) => c.content).join("\n\n")).toBe(body);
    expect(doc.chunks.map((c) => c.ord)).toEqual(doc.chunks.map((_, i) => i));
  });

  it("splits an over-long paragraph on sentences, and list items on lines", () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} is here!`);
    const doc = chunkMarkdown(`## Long\n${sentences.join(" ")}`, { maxChars: 100 });
    for (const chunk of doc.chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(100);
      expect(chunk.content).toMatch(/^Sentence number \d+ is here!( Sentence number \d+ is here!)*$/);
    }
    expect(doc.chunks.map((c) => c.content).join(" ")).toBe(sentences.join(" "));

    const items = Array.from({ length: 10 }, (_, i) => `- Item ${i}: something tasty`);
    const list = chunkMarkdown(`## List\n${items.join("\n")}`, { maxChars: 100 });
    expect(list.chunks.length).toBeGreaterThan(1);
    expect(list.chunks.flatMap((c) => c.content.split("\n"))).toEqual(items);
  });

  it("breaks a single huge sentence between words, and a huge word inside it", () => {
    const doc = chunkMarkdown(`${"word ".repeat(50).trim()} ${"x".repeat(25)}`, { maxChars: 20 });
    for (const chunk of doc.chunks) expect(chunk.content.length).toBeLessThanOrEqual(20);
    expect(doc.chunks.map((c) => c.content).join(" ")).toContain("word word");
    expect(doc.chunks.map((c) => c.content).join("")).toContain("x".repeat(25));
  });

  it("returns no chunks for an empty document and rejects a bad maxChars", () => {
    expect(chunkMarkdown("")).toEqual({ title: undefined, chunks: [] });
    expect(chunkMarkdown("# Only a title\n\n")).toEqual({ title: "Only a title", chunks: [] });
    expect(() => chunkMarkdown("x", { maxChars: 0 })).toThrow(RangeError);
  });

  it("chunks every shipped knowledge document within the default size", () => {
    const folder = new URL("../../../knowledge/", import.meta.url);
    const files = readdirSync(folder).filter((name) => name.endsWith(".md"));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const name of files) {
      const doc = chunkMarkdown(readFileSync(new URL(name, folder), "utf8"));
      expect(doc.title, name).toBeTruthy();
      expect(doc.chunks.length, name).toBeGreaterThanOrEqual(4);
      for (const chunk of doc.chunks) {
        expect(chunk.content.length, name).toBeLessThanOrEqual(DEFAULT_MAX_CHUNK_CHARS);
      }
    }
  });
});
