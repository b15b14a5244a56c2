import { randomUUID } from "node:crypto";
import { closeSync, fdatasync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../core/log";
import { processAlive } from "../core/process-alive";

/**
 * The write-behind queue's writes, kept on disk until they land, so a worker
 * that dies (SIGKILL, OOM, crash) with the database down does not take the
 * call's unsaved turns with it. One append-only JSON-lines file per process
 * (`<pid>.jsonl`): a `write` line when a write is queued, a `done` line when
 * it landed or the database refused it for good. When nothing is pending the
 * file is truncated, so it stays small.
 *
 * Durability: each line is one write(2) on an O_APPEND descriptor, so it
 * survives the process being killed the moment the call returns; fdatasync
 * runs at most once a second while lines are unsynced (off the voice path),
 * so a power loss or kernel crash can lose the last second. A per-line fsync
 * would put a disk flush (tens of ms on a busy disk) on every turn.
 *
 * Replay: a process that opens a store claims the files of processes that
 * are gone (atomic rename to `<pid>.jsonl.replaying-<own pid>`, so two
 * claimers cannot both take one), re-queues their pending writes through its
 * own queue (which journals them again) and only then deletes the file. The
 * writes carry their own ids (conversation, turn, tool call), so one that
 * had landed just before the process died lands once.
 */
export interface JournalRecord {
  readonly verb: "startConversation" | "appendTurn" | "endConversation" | "saveDialogueState" | "recordToolCall";
  readonly args: unknown;
}

const SYNC_EVERY_MS = 1000;

export class WriteJournal {
  private static readonly open = new Map<string, WriteJournal>();
  private readonly fd: number;
  private readonly pending = new Set<string>();
  private unsynced = false;

  /** One journal per directory per process (a process may serve several calls). */
  static at(dir: string, log: Logger): WriteJournal {
    let journal = WriteJournal.open.get(dir);
    if (!journal) {
      journal = new WriteJournal(dir, log);
      WriteJournal.open.set(dir, journal);
    }
    return journal;
  }

  private constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Its turns are what the database would hold (redacted), but they are a call's words: owner only.
    this.fd = openSync(join(dir, `${process.pid}.jsonl`), "a", 0o600);
    const timer = setInterval(() => this.sync(), SYNC_EVERY_MS);
    timer.unref();
  }

  /** Journals a queued write; returns its entry id for `done`. */
  append(record: JournalRecord): string {
    const id = randomUUID();
    this.write({ op: "write", id, ...record });
    this.pending.add(id);
    return id;
  }

  /** The write left the queue (landed, or refused for good). */
  done(id: string): void {
    if (!this.pending.delete(id)) return;
    if (this.pending.size === 0) {
      // Nothing left to replay: start the file afresh (O_APPEND writes go to its new end).
      ftruncateSync(this.fd);
      this.unsynced = false;
      return;
    }
    this.write({ op: "done", id });
  }

  /**
   * Takes over the journals of processes that are gone: `replay` gets their
   * pending writes in order (and must journal them again, synchronously),
   * then each file is deleted.
   */
  replayOrphans(replay: (record: JournalRecord) => void): number {
    let replayed = 0;
    for (const name of readdirSync(this.dir)) {
      const owner = ownerPid(name);
      if (owner === undefined || owner === process.pid || processAlive(owner)) continue;
      const claimed = join(this.dir, `${name.replace(/\.replaying-\d+$/, "")}.replaying-${process.pid}`);
      try {
        renameSync(join(this.dir, name), claimed);
      } catch {
        continue; // another process claimed it first
      }
      const records = pendingRecords(readFileSync(claimed, "utf8"));
      for (const record of records) replay(record);
      rmSync(claimed, { force: true });
      replayed += records.length;
    }
    if (replayed > 0) this.log.warn("replaying writes journaled by a process that died", { writes: replayed, dir: this.dir });
    return replayed;
  }

  /** For tests: lets go of the file descriptor (the file stays). */
  close(): void {
    WriteJournal.open.delete(this.dir);
    closeSync(this.fd);
  }

  private write(line: object): void {
    writeSync(this.fd, `${encode(line)}\n`);
    this.unsynced = true;
  }

  private sync(): void {
    if (!this.unsynced) return;
    this.unsynced = false;
    fdatasync(this.fd, (error) => {
      if (error) this.log.warn("write journal fdatasync failed", { error });
    });
  }
}

/** The writes of a journal file that have no `done` line, in order; a torn last line (the process died mid-write) is skipped. */
export function pendingRecords(text: string): JournalRecord[] {
  const writes = new Map<string, JournalRecord>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let entry: { op?: string; id?: string; verb?: JournalRecord["verb"]; args?: unknown };
    try {
      entry = decode(line) as typeof entry;
    } catch {
      continue;
    }
    if (!entry.id) continue;
    if (entry.op === "write" && entry.verb) writes.set(entry.id, { verb: entry.verb, args: entry.args });
    else if (entry.op === "done") writes.delete(entry.id);
  }
  return [...writes.values()];
}

/** `<pid>.jsonl` → pid; `<pid>.jsonl.replaying-<claimer>` → claimer (its replay died with it). */
function ownerPid(name: string): number | undefined {
  const match = /^(\d+)\.jsonl(?:\.replaying-(\d+))?$/.exec(name);
  if (!match) return undefined;
  return Number(match[2] ?? match[1]);
}

/** JSON with Dates kept as Dates (`{"$date": iso}`): turns and tool calls carry timestamps. */
function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const date = (v as { $date?: unknown }).$date;
      if (keys.length === 1 && typeof date === "string") return new Date(date);
    }
    return v;
  });
}
