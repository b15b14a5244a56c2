/**
 * Integration test against the real database at DATABASE_URL (migrated).
 * Unreachable database: skipped locally, failed when CI_REQUIRE_DB=1.
 *
 * Indexes the shipped `knowledge/` folder (never pruning: the database may be a
 * developer's), and writes its own documents under unique slugs, deleted after.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../db";
import { indexKnowledgeDocuments } from "./index-documents";
import { indexKnowledgeFolder, readKnowledgeFolder } from "./index-knowledge-folder";
import { postgresKnowledgeBase } from "./knowledge-base";
import { searchKnowledge } from "./search-knowledge";
import { databaseGate } from "../testing/database-gate";

const unreachable = await databaseGate("knowledge.test");

const folder = fileURLToPath(new URL("../../../knowledge/", import.meta.url));

/**
 * A deterministic stand-in for an embedding model: words hashed into a
 * 37-dimension bag of words (37, so no real model's vectors are comparable).
 */
const DIMENSIONS = 37;
function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    let hash = 7;
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
    vector[hash % DIMENSIONS]! += 1;
  }
  return vector;
}

describe.skipIf(unreachable !== null)("knowledge base (Postgres)", () => {
  const testSlugs: string[] = [];
  const newSlug = () => {
    const slug = `test-kb-${randomUUID()}`;
    testSlugs.push(slug);
    return slug;
  };
  // Words no shipped document contains, so the searches below are unambiguous.
  const token = `quokka${randomUUID().slice(0, 8)}`;

  afterAll(async () => {
    if (testSlugs.length > 0) await db().knowledgeDocument.deleteMany({ where: { slug: { in: testSlugs } } });
    await disconnectDb();
  });

  it("indexes the knowledge folder, and re-indexing unchanged documents is a no-op", async () => {
    const files = await readKnowledgeFolder(folder);
    expect(files.length).toBeGreaterThanOrEqual(5);
    await indexKnowledgeFolder(folder);

    const before = await db().knowledgeChunk.findMany({
      where: { document: { slug: { in: files.map((f) => f.slug) } } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    const again = await indexKnowledgeFolder(folder);
    expect(again).toEqual({ indexed: [], unchanged: files.map((f) => f.slug), pruned: [], chunksWritten: 0 });
    const after = await db().knowledgeChunk.findMany({
      where: { document: { slug: { in: files.map((f) => f.slug) } } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    expect(after).toEqual(before);

    const menu = await db().knowledgeDocument.findUnique({
      where: { slug: "menu-and-allergens" },
      select: { title: true, chunks: { select: { ord: true }, orderBy: { ord: "asc" } } },
    });
    expect(menu?.title).toBe("Menu and Allergens");
    expect(menu?.chunks.map((c) => c.ord)).toEqual(menu?.chunks.map((_, i) => i));
  });

  it.each([
    ["are there gluten free options", "menu-and-allergens", /gluten/i],
    ["do you have gluten free cake", "menu-and-allergens", /gluten/i],
    ["how much is delivery", "delivery-and-orders", /\$3\.99/],
    ["can I bring my dog", "wifi-and-policies", /dogs are welcome/i],
    ["where can I park", "accessibility-and-parking", /parking/i],
    ["hi, could you tell me what the wifi password is, please?", "wifi-and-policies", /password/i],
    ["do you take reservations", "reservations-and-events", /reserv/i],
    ["do my loyalty points expire", "loyalty-program", /expire/i],
  ])("answers %j from %s first", async (question, slug, answer) => {
    const hits = await postgresKnowledgeBase.search(question, { limit: 3 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    const [best] = hits;
    expect(best?.documentSlug).toBe(slug);
    expect(best?.content).toMatch(answer);
    expect(best?.heading).toBeTruthy();
    expect(best?.documentTitle).toBeTruthy();
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("returns nothing for empty, stop-word-only or unknown questions, and survives tsquery syntax", async () => {
    expect(await searchKnowledge("")).toEqual([]);
    expect(await searchKnowledge("   ")).toEqual([]);
    expect(await searchKnowledge("what is the")).toEqual([]);
    expect(await searchKnowledge("hi, thank you")).toEqual([]);
    expect(await searchKnowledge(`xylophone${token}`)).toEqual([]);
    expect(await searchKnowledge(`' \\ " & | ! :* <-> ( ) -- ; ${token}'s`)).toEqual([]);
    expect((await searchKnowledge("parking' & | ! :* <-> (")).map((h) => h.documentSlug)[0]).toBe("accessibility-and-parking");
    expect((await searchKnowledge("wi-fi")).map((h) => h.documentSlug)[0]).toBe("wifi-and-policies");
    expect(await searchKnowledge("parking", { limit: 1 })).toHaveLength(1);
    expect(await searchKnowledge("delivery", { limit: Number.NaN })).toHaveLength(3);
  });

  it("does not search when the turn is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(postgresKnowledgeBase.search("parking", { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("replaces a changed document's chunks, and prunes only when told", async () => {
    const slug = newSlug();
    const v1 = `# Test ${token}\n\n## Old section\nThe ${token} harbor ferry leaves at noon.\n\n## Second\nMore text.`;
    expect(await indexKnowledgeDocuments([{ slug, content: v1 }])).toMatchObject({ indexed: [slug], chunksWritten: 2 });
    expect((await searchKnowledge(`${token} ferry`))[0]).toMatchObject({ documentSlug: slug, heading: "Old section" });

    const v2 = `# Renamed ${token}\n\n## New section\nThe ${token} lighthouse tour starts at nine.`;
    expect(await indexKnowledgeDocuments([{ slug, content: v2 }])).toEqual({
      indexed: [slug],
      unchanged: [],
      pruned: [],
      chunksWritten: 1,
    });
    const stored = await db().knowledgeDocument.findUnique({
      where: { slug },
      select: { title: true, content: true, chunks: { select: { ord: true, heading: true, content: true } } },
    });
    expect(stored).toEqual({
      title: `Renamed ${token}`,
      content: v2,
      chunks: [{ ord: 0, heading: "New section", content: `The ${token} lighthouse tour starts at nine.` }],
    });
    const hits = await searchKnowledge(`${token} ferry lighthouse`, { limit: 20 });
    expect(hits[0]).toMatchObject({ documentSlug: slug, heading: "New section" });
    // The old chunks are gone: the shipped documents mention ferries, this one no longer does.
    expect(hits.filter((h) => h.documentSlug === slug)).toHaveLength(1);
    expect((await indexKnowledgeDocuments([{ slug, content: v2 }])).unchanged).toEqual([slug]);

    // Without prune, documents missing from the list stay.
    const other = newSlug();
    await indexKnowledgeDocuments([{ slug: other, content: `# Other\n${token} other` }]);
    expect(await db().knowledgeDocument.count({ where: { slug } })).toBe(1);

    // With prune, everything not listed goes: list every stored document except `slug`.
    const keep = await db().knowledgeDocument.findMany({
      where: { slug: { not: slug } },
      select: { slug: true, content: true },
    });
    const pruned = await indexKnowledgeDocuments(keep, { prune: true });
    expect(pruned.pruned).toEqual([slug]);
    expect(await db().knowledgeChunk.count({ where: { document: { slug } } })).toBe(0);
    expect((await searchKnowledge(`${token} lighthouse`, { limit: 20 })).map((h) => h.documentSlug)).toEqual([other]);
  });

  it("rejects duplicate slugs", async () => {
    const slug = newSlug();
    await expect(
      indexKnowledgeDocuments([
        { slug, content: "# A" },
        { slug, content: "# B" },
      ]),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("stores embeddings when given an embed function and searches them by cosine similarity", async () => {
    const slug = newSlug();
    const content = [
      `# Embedded ${token}`,
      `## Boats\nKayak rentals ${token} cost twenty dollars an hour.`,
      `## Birds\nSeagulls ${token} must not be fed on the terrace.`,
    ].join("\n\n");
    // Indexed first without embeddings; a later run with `embed` fills them in although the text is unchanged.
    await indexKnowledgeDocuments([{ slug, content }]);
    const calls: string[][] = [];
    const embed = async (texts: string[]) => {
      calls.push(texts);
      return texts.map(fakeEmbedding);
    };
    expect((await indexKnowledgeDocuments([{ slug, content }], { embed })).indexed).toEqual([slug]);
    expect(calls).toEqual([[`Boats\n\nKayak rentals ${token} cost twenty dollars an hour.`, `Birds\n\nSeagulls ${token} must not be fed on the terrace.`]]);
    expect((await indexKnowledgeDocuments([{ slug, content }], { embed })).unchanged).toEqual([slug]);
    expect(calls).toHaveLength(1);

    const chunks = await db().knowledgeChunk.findMany({
      where: { document: { slug } },
      select: { embedding: true },
    });
    expect(chunks.map((c) => c.embedding.length)).toEqual([DIMENSIONS, DIMENSIONS]);

    const embedQuery = async (q: string) => fakeEmbedding(q);
    const hits = await searchKnowledge("feeding seagulls terrace", { embedQuery, limit: 2 });
    expect(hits[0]).toMatchObject({ documentSlug: slug, heading: "Birds" });
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? -1);
    expect(hits[0]?.score).toBeLessThanOrEqual(1);

    // No chunk has a 5-dimension embedding: falls back to full-text search.
    const fallback = await searchKnowledge("where can I park", { embedQuery: async () => [1, 0, 0, 0, 0] });
    expect(fallback[0]?.documentSlug).toBe("accessibility-and-parking");

    await expect(indexKnowledgeDocuments([{ slug: newSlug(), content }], { embed: async () => [] })).rejects.toMatchObject({
      code: "PROVIDER_ERROR",
    });
  });
});
