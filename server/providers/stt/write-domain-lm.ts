import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BusinessProfile } from "../../core/dialogue/business-profile";
import { buildArpa } from "./domain-lm";

/** Words callers say that the business texts may not contain. */
const everyday = [
  "yes", "no", "yes please", "no thanks", "thank you", "hello", "hi there", "goodbye", "okay", "sorry",
  "zero one two three four five six seven eight nine", "my order number is four two seven one",
  "can I talk to a person", "I want to speak to someone", "what is the status of my order",
];

/**
 * Writes the domain model for this profile and knowledge folder (cached by
 * content hash in the temp dir) and returns its path; undefined if the
 * pronunciation dictionary is missing.
 */
export function writeDomainLm(profile: BusinessProfile, options: { knowledgeDir: string; dictPath: string }): string | undefined {
  if (!existsSync(options.dictPath)) return undefined;
  const knowledge = existsSync(options.knowledgeDir)
    ? readdirSync(options.knowledgeDir)
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => readFileSync(join(options.knowledgeDir, f), "utf8"))
    : [];
  const sentences = [
    ...profile.intents.flatMap((i) => i.examples),
    ...knowledge.flatMap((doc) => doc.split(/[.!?\n]+/)),
    ...everyday,
  ];
  const hash = createHash("sha256").update(JSON.stringify(sentences)).digest("hex").slice(0, 16);
  const path = join(tmpdir(), `voice-agent-domain-${hash}.arpa`);
  if (existsSync(path)) return path;
  const vocabulary = new Set(
    readFileSync(options.dictPath, "utf8")
      .split("\n")
      .map((line) => line.split(" ")[0] ?? "")
      .filter((w) => w && !w.includes("(")),
  );
  writeFileSync(path, buildArpa(sentences, vocabulary));
  return path;
}
