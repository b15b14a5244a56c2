/**
 * The write journal against the real database at DATABASE_URL (migrated): a
 * process that queued a call's writes while Postgres was unreachable is
 * SIGKILLed; a new store replays its journal, and everything lands once.
 * Unreachable database: skipped locally, failed when CI_REQUIRE_DB=1.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../core/log";
import { prismaConversationStore } from "./conversation-store";
import { loadDialogueState } from "./conversations/load-dialogue-state";
import { saveDialogueState } from "./conversations/save-dialogue-state";
import { db, disconnectDb } from "./db";
import { createResilientStore } from "./resilient-conversation-store";
import { databaseGate } from "./testing/database-gate";
import { recordToolCall } from "./tool-calls/record-tool-call";
import { pendingRecords, WriteJournal } from "./write-journal";

const unreachable = await databaseGate("write-journal.test");
const silent = createLogger({}, "error", () => undefined);
const dirs: string[] = [];

function journalDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "write-journal-"));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (!unreachable) await disconnectDb();
});

/** Runs testing/journal-writer.ts with no database, waits until its writes are queued, SIGKILLs it. */
async function killedWhileQueued(dir: string, roomName: string): Promise<{ conversationId: string; pid: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/storage/testing/journal-writer.ts", dir, roomName], {
    // Nothing listens on port 9: every attempt is refused, as when Postgres is down.
    env: { ...process.env, DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:9/postgres?sslmode=disable" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.on("exit", (code) => reject(new Error(`journal-writer exited (${code}) before queueing`)));
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  return { ...(JSON.parse(line) as { conversationId: string }), pid: child.pid! };
}

function replayingStore(dir: string) {
  return createResilientStore(
    { store: prismaConversationStore, states: { load: loadDialogueState, save: saveDialogueState }, toolLog: { recordToolCall } },
    { log: silent, waitMs: 1000, attemptTimeoutMs: 5000, readTimeoutMs: 1000, journal: WriteJournal.at(dir, silent) },
  );
}

describe.skipIf(unreachable !== null)("write journal (Postgres)", () => {
  it("stores once, in order, the writes a SIGKILLed process left queued, even when its journal is replayed twice", async () => {
    const dir = journalDir();
    const roomName = `journal-${randomUUID()}`;
    const { conversationId, pid } = await killedWhileQueued(dir, roomName);
    const left = join(dir, `${pid}.jsonl`);
    const pending = pendingRecords(readFileSync(left, "utf8"));
    expect(pending.map((r) => r.verb)).toEqual(["startConversation", "appendTurn", "appendTurn", "saveDialogueState", "recordToolCall", "endConversation"]);
    // What the disk holds is what the database would: the card number is not there.
    expect(readFileSync(left, "utf8")).not.toContain("4242 4242");
    // A second copy, as if an earlier replay had been killed midway: the writes' own ids keep it from doubling.
    copyFileSync(left, join(dir, `${pid}.jsonl.replaying-${pid}`));
    expect(await db().conversation.findFirst({ where: { roomName } })).toBeNull();

    const { queue } = replayingStore(dir);
    expect(await queue.idle(30_000)).toBe(true);

    const conversation = await db().conversation.findFirst({ where: { roomName }, include: { turns: { orderBy: { seq: "asc" } }, toolCalls: true } });
    expect(conversation?.id).toBe(conversationId);
    expect(conversation?.callerNumber).toBe("+15550100");
    expect(conversation?.outcome).toBe("completed");
    expect(conversation?.turns.map((t) => [t.seq, t.role, t.text])).toEqual([
      [1, "agent", "Hello, how can I help?"],
      [2, "user", expect.not.stringContaining("4242 4242") as unknown],
    ]);
    expect(conversation?.turns[1]?.startedAt.toISOString()).toBe("2026-12-01T10:00:02.000Z");
    expect(conversation?.toolCalls.map((c) => c.name)).toEqual(["get_order_status"]);
    expect((await loadDialogueState(conversationId)).slots.orderNumber).toBe("4272");
    // Claimed, replayed and gone; the replaying process's own journal is empty once all landed.
    expect(readdirSync(dir).filter((name) => name !== `${process.pid}.jsonl`)).toEqual([]);
    expect(readFileSync(join(dir, `${process.pid}.jsonl`), "utf8")).toBe("");
    await db().conversation.delete({ where: { id: conversationId } });
  }, 60_000);
});

describe("journal file", () => {
  it("skips a torn last line and writes marked done", () => {
    const text = [
      JSON.stringify({ op: "write", id: "a", verb: "appendTurn", args: { text: "one", startedAt: { $date: "2026-12-01T10:00:00.000Z" } } }),
      JSON.stringify({ op: "write", id: "b", verb: "appendTurn", args: { text: "two" } }),
      JSON.stringify({ op: "done", id: "b" }),
      '{"op":"write","id":"c","verb":"appendT',
    ].join("\n");
    const records = pendingRecords(text);
    expect(records).toHaveLength(1);
    expect((records[0]!.args as { startedAt: Date }).startedAt).toEqual(new Date("2026-12-01T10:00:00.000Z"));
  });

  it("leaves the journal of a live process alone", () => {
    const dir = journalDir();
    // The parent of this process is alive: its journal is not an orphan.
    writeFileSync(join(dir, `${process.ppid}.jsonl`), `${JSON.stringify({ op: "write", id: "a", verb: "endConversation", args: {} })}\n`);
    const journal = WriteJournal.at(dir, silent);
    const replayed: unknown[] = [];
    expect(journal.replayOrphans((record) => replayed.push(record))).toBe(0);
    expect(existsSync(join(dir, `${process.ppid}.jsonl`))).toBe(true);
    journal.close();
  });
});
