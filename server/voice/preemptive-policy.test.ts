import { describe, expect, it } from "vitest";
import type { ReplyEvent } from "../core/dialogue/dialogue";
import { PreemptiveReplies } from "./preemptive";
import { TurnController } from "./turn-controller";

function harness() {
  const started: { text: string; signal: AbortSignal; kept?: boolean }[] = [];
  const policy = new PreemptiveReplies((text, signal, commit) => {
    const entry: (typeof started)[number] = { text, signal };
    started.push(entry);
    void commit.then((kept) => (entry.kept = kept));
    return (async function* (): AsyncIterable<ReplyEvent> {
      yield { type: "text", delta: `answer to ${text}` };
    })();
  });
  const turn = () => new TurnController({ text: "", heardText: "", end: false, interrupted: false, stopped: Promise.resolve(0) }, new AbortController().signal);
  return { policy, started, turn };
}

async function collect(events: AsyncIterable<ReplyEvent>): Promise<ReplyEvent[]> {
  const out: ReplyEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("preemptive reply policy", () => {
  it("keeps the reply started early when the final transcript says the same, and it follows the turn's signal", async () => {
    const { policy, started, turn } = harness();
    policy.proposed("u1", "What are your opening hours?");
    const t = turn();
    const kept = policy.take("u1", "what are your opening hours", t);
    expect(kept).toBeDefined();
    expect(await collect(kept!)).toEqual([{ type: "text", delta: "answer to What are your opening hours?" }]);
    await Promise.resolve();
    expect(started[0]!.kept).toBe(true);
    t.cut("barge-in");
    expect(started[0]!.signal.aborted).toBe(true);
  });

  it("discards it, unsaved and aborted, when the final differs or the caller went on", async () => {
    const { policy, started, turn } = harness();
    policy.proposed("u1", "what are your");
    expect(policy.take("u1", "what are your prices", turn())).toBeUndefined();
    policy.proposed("u2", "where");
    policy.resumed("u2");
    await Promise.resolve();
    expect(started.map((s) => [s.kept, s.signal.aborted])).toEqual([
      [false, true],
      [false, true],
    ]);
  });

  it("starts nothing on an empty interim", () => {
    const { policy, started } = harness();
    policy.proposed("u1", "  ");
    expect(started).toEqual([]);
  });
});
