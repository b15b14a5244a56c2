import { describe, expect, it, vi } from "vitest";
import { createScriptedModel } from "../../providers/llm/scripted";
import { AppError } from "../errors";
import { createModelChain, type ModelChainOptions } from "./model-chain";
import type { LanguageModel, LlmEvent, LlmRequest } from "./llm-port";

const request: LlmRequest = { messages: [{ role: "user", content: "When are you open?" }] };
const answer = (text: string): LlmEvent[] => [
  { type: "text", delta: text },
  { type: "done", finishReason: "stop" },
];
const serverError = () => new AppError("PROVIDER_ERROR", "HTTP 500", { retryable: true });
const badRequest = () => new AppError("BAD_REQUEST", "HTTP 400", { retryable: false });

const baseOptions: ModelChainOptions = {
  firstTokenTimeoutMs: 200,
  retries: 0,
  backoffMs: 5,
  breaker: { failureThreshold: 3, cooldownMs: 1_000 },
};

async function collect(events: AsyncIterable<LlmEvent>): Promise<LlmEvent[]> {
  const out: LlmEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** Events and how long the stream took, on the (fake) clock. */
async function timed(events: AsyncIterable<LlmEvent>): Promise<{ events: LlmEvent[]; elapsedMs: number }> {
  const started = Date.now();
  const out = await collect(events);
  return { events: out, elapsedMs: Date.now() - started };
}

function spokenText(events: readonly LlmEvent[]): string {
  return events.map((e) => (e.type === "text" ? e.delta : "")).join("");
}

describe("createModelChain", () => {
  it("answers from the secondary when the primary fails with a 500", async () => {
    const primary = createScriptedModel([serverError()], { name: "primary" });
    const secondary = createScriptedModel([answer("Nine to five.")], { name: "secondary" });
    const model = createModelChain([primary, secondary], baseOptions);

    expect(await collect(model.stream(request))).toEqual(answer("Nine to five."));
    expect(primary.requests).toHaveLength(1);
    expect(secondary.requests).toEqual([request]);
  });

  it("retries a retryable error on the same model before moving on", async () => {
    const primary = createScriptedModel([serverError(), answer("Second time lucky.")], {
      name: "primary",
    });
    const secondary = createScriptedModel([], { name: "secondary" });
    const model = createModelChain([primary, secondary], { ...baseOptions, retries: 2 });

    expect(spokenText(await collect(model.stream(request)))).toBe("Second time lucky.");
    expect(primary.requests).toHaveLength(2);
    expect(secondary.requests).toHaveLength(0);
  });

  it("does not retry a non-retryable 400 and moves to the next model", async () => {
    const primary = createScriptedModel([badRequest(), answer("never")], { name: "primary" });
    const secondary = createScriptedModel([answer("From the backup.")], { name: "secondary" });
    const model = createModelChain([primary, secondary], { ...baseOptions, retries: 3 });

    expect(spokenText(await collect(model.stream(request)))).toBe("From the backup.");
    expect(primary.requests).toHaveLength(1);
    // A 4xx says nothing about the model's health.
    expect(model.states()).toEqual({ primary: "closed", secondary: "closed" });
  });

  it("moves on when the primary hangs, within the first-token timeout plus slack", async () => {
    const primary = createScriptedModel([{ hang: true }], { name: "primary" });
    const secondary = createScriptedModel([answer("Here I am.")], { name: "secondary" });
    const model = createModelChain([primary, secondary], { ...baseOptions, retries: 2 });

    const started = performance.now();
    const events = await collect(model.stream(request));
    const elapsedMs = performance.now() - started;

    expect(spokenText(events)).toBe("Here I am.");
    expect(elapsedMs).toBeGreaterThanOrEqual(baseOptions.firstTokenTimeoutMs - 5);
    expect(elapsedMs).toBeLessThan(baseOptions.firstTokenTimeoutMs + 250);
    // A stall is not retried on the same model: that would double the silence.
    expect(primary.requests).toHaveLength(1);
  });

  it("a request waiting on a model that another request just found stalled stops waiting too", async () => {
    vi.useFakeTimers();
    try {
      const primary = createScriptedModel([{ hang: true }, { hang: true }], { name: "primary" });
      const secondary = createScriptedModel([answer("first"), answer("second")], { name: "secondary" });
      const model = createModelChain([primary, secondary], { ...baseOptions, firstTokenTimeoutMs: 400, shortestFirstTokenMs: 150 });

      // A reply started early on the caller's interim words, then the turn's own request 100 ms later.
      const early = collect(model.stream(request));
      await vi.advanceTimersByTimeAsync(100);
      const turn = timed(model.stream(request));
      await vi.advanceTimersByTimeAsync(1000);

      expect(spokenText(await early)).toBe("first");
      const { events, elapsedMs } = await turn;
      expect(spokenText(events)).toBe("second");
      // It gave up when the early request stalled (300 ms in), not after its own 400 ms.
      expect(elapsedMs).toBeGreaterThanOrEqual(300);
      expect(elapsedMs).toBeLessThan(310);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a request given up on before its first token counts against the next one: the model's silence is counted once", async () => {
    vi.useFakeTimers();
    try {
      const primary = createScriptedModel([{ hang: true }, { hang: true }, { events: answer("well"), firstTokenMs: 250 }], { name: "primary" });
      const secondary = createScriptedModel([answer("from the backup")], { name: "secondary" });
      const model = createModelChain([primary, secondary], { ...baseOptions, firstTokenTimeoutMs: 400, shortestFirstTokenMs: 150 });

      // A reply started early on interim words, dropped 300 ms in when the final words differed.
      const early = new AbortController();
      const dropped = collect(model.stream(request, { signal: early.signal }));
      await vi.advanceTimersByTimeAsync(300);
      early.abort();
      expect(await dropped).toEqual([]);
      // The turn's own request: 400 ms counted from the dropped one would leave 100, but it gets at least 150.
      const turn = timed(model.stream(request));
      await vi.advanceTimersByTimeAsync(1000);
      const { events, elapsedMs } = await turn;
      expect(spokenText(events)).toBe("from the backup");
      expect(elapsedMs).toBe(150);
      // The memory fades: 30 s on, a request gets the full 400 ms again (250 ms to its first token is well).
      await vi.advanceTimersByTimeAsync(30_000);
      const later = timed(model.stream(request));
      await vi.advanceTimersByTimeAsync(1000);
      expect(spokenText((await later).events)).toBe("well");
    } finally {
      vi.useRealTimers();
    }
  });

  it("after a stall the next request waits the shorter deadline until the model answers again", async () => {
    vi.useFakeTimers();
    try {
      const primary = createScriptedModel(
        [{ hang: true }, { hang: true }, answer("back"), { events: answer("slow but well"), firstTokenMs: 250 }],
        { name: "primary" },
      );
      const secondary = createScriptedModel([answer("b1"), answer("b2")], { name: "secondary" });
      const model = createModelChain([primary, secondary], { ...baseOptions, firstTokenTimeoutMs: 400, shortestFirstTokenMs: 150 });
      const next = async () => {
        const run = timed(model.stream(request));
        await vi.advanceTimersByTimeAsync(1000);
        return run;
      };

      expect(await next()).toMatchObject({ elapsedMs: 400 });
      const second = await next();
      expect(spokenText(second.events)).toBe("b2");
      expect(second.elapsedMs).toBe(150);
      expect(spokenText((await next()).events)).toBe("back");
      // Answered since: the full deadline again (250 ms to the first token would miss the shorter one).
      expect(spokenText((await next()).events)).toBe("slow but well");
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not wait on a model that ignores its abort signal", async () => {
    const deaf = {
      name: "deaf",
      // eslint-disable-next-line require-yield -- never yields, on purpose
      async *stream(): AsyncIterable<LlmEvent> {
        await new Promise(() => undefined);
      },
    };
    const secondary = createScriptedModel([answer("Still here.")], { name: "secondary" });
    const model = createModelChain([deaf, secondary], { ...baseOptions, firstTokenTimeoutMs: 50 });

    expect(spokenText(await collect(model.stream(request)))).toBe("Still here.");
  });

  it("throws UNAVAILABLE when every model fails", async () => {
    const primary = createScriptedModel([serverError()], { name: "primary" });
    const secondary = createScriptedModel([{ hang: true }], { name: "secondary" });
    const model = createModelChain([primary, secondary], { ...baseOptions, firstTokenTimeoutMs: 30 });

    const failure = await collect(model.stream(request)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: "UNAVAILABLE", retryable: true });
    expect((failure as AppError).message).toMatch(/primary: HTTP 500.*secondary: no first token/);
  });

  it("ends with what was said plus an apology when a model dies mid-reply", async () => {
    const primary = createScriptedModel(
      [{ events: [{ type: "text", delta: "We open at nine" }], then: serverError() }],
      { name: "primary" },
    );
    const secondary = createScriptedModel([answer("never")], { name: "secondary" });
    const model = createModelChain([primary, secondary], { ...baseOptions, retries: 2 });

    const events = await collect(model.stream(request));
    expect(events[0]).toEqual({ type: "text", delta: "We open at nine" });
    expect(events.at(-2)).toMatchObject({ type: "text", delta: expect.stringMatching(/sorry/i) });
    expect(events.at(-1)).toEqual({ type: "done", finishReason: "error" });
    expect(primary.requests).toHaveLength(1); // no replay of words already spoken
    expect(secondary.requests).toHaveLength(0);
  });

  it("trips the breaker after N failures, skips the primary, re-probes after cooldown, closes", async () => {
    let clockMs = 0;
    const primary = createScriptedModel(
      [serverError(), serverError(), serverError(), answer("Back again.")],
      { name: "primary" },
    );
    const secondary = createScriptedModel(
      [answer("b1"), answer("b2"), answer("b3"), answer("b4")],
      { name: "secondary" },
    );
    const model = createModelChain([primary, secondary], {
      ...baseOptions,
      breaker: { failureThreshold: 2, cooldownMs: 1_000 },
      now: () => clockMs,
    });

    expect(spokenText(await collect(model.stream(request)))).toBe("b1");
    expect(model.states().primary).toBe("closed");
    expect(spokenText(await collect(model.stream(request)))).toBe("b2");
    expect(model.states()).toEqual({ primary: "open", secondary: "closed" });

    // While open, the primary is not even asked.
    expect(spokenText(await collect(model.stream(request)))).toBe("b3");
    expect(primary.requests).toHaveLength(2);

    // After the cooldown one probe goes through; it fails and reopens the breaker.
    clockMs += 1_000;
    expect(model.states().primary).toBe("half-open");
    expect(spokenText(await collect(model.stream(request)))).toBe("b4");
    expect(primary.requests).toHaveLength(3);
    expect(model.states().primary).toBe("open");

    // Next cooldown: the probe succeeds and closes the breaker.
    clockMs += 1_000;
    expect(spokenText(await collect(model.stream(request)))).toBe("Back again.");
    expect(model.states().primary).toBe("closed");
    expect(secondary.requests).toHaveLength(4);
  });

  it("lets a single probe through while half-open", async () => {
    let clockMs = 0;
    const primary = createScriptedModel(
      [serverError(), { events: answer("probe ok"), delayMs: 30 }],
      { name: "primary" },
    );
    const secondary = createScriptedModel([answer("b1"), answer("b2")], { name: "secondary" });
    const model = createModelChain([primary, secondary], {
      ...baseOptions,
      breaker: { failureThreshold: 1, cooldownMs: 100 },
      now: () => clockMs,
    });

    await collect(model.stream(request));
    clockMs += 100;
    const [probe, concurrent] = await Promise.all([
      collect(model.stream(request)),
      collect(model.stream(request)),
    ]);
    expect(spokenText(probe)).toBe("probe ok");
    expect(spokenText(concurrent)).toBe("b2");
    expect(model.states().primary).toBe("closed");
  });

  it("ends quietly when the caller aborts, and propagates the abort to the attempt", async () => {
    const primary = createScriptedModel([{ events: [{ type: "text", delta: "Let me" }], then: "hang" }], {
      name: "primary",
    });
    const secondary = createScriptedModel([answer("never")], { name: "secondary" });
    const attemptSignals: AbortSignal[] = [];
    const spy: LanguageModel = {
      name: "primary",
      stream: (req, options) => {
        if (options?.signal) attemptSignals.push(options.signal);
        return primary.stream(req, options);
      },
    };
    const model = createModelChain([spy, secondary], baseOptions);
    const caller = new AbortController();

    const events: LlmEvent[] = [];
    for await (const event of model.stream(request, { signal: caller.signal })) {
      events.push(event);
      setTimeout(() => caller.abort(), 10);
    }

    expect(events).toEqual([{ type: "text", delta: "Let me" }]);
    expect(attemptSignals).toHaveLength(1);
    expect(attemptSignals[0]?.aborted).toBe(true);
    expect(secondary.requests).toHaveLength(0);
    expect(model.states()).toEqual({ primary: "closed", secondary: "closed" });
  });

  it("ends quietly when aborted during a hang before any output", async () => {
    const primary = createScriptedModel([{ hang: true }], { name: "primary" });
    const model = createModelChain([primary], { ...baseOptions, firstTokenTimeoutMs: 5_000 });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 20);

    const started = performance.now();
    expect(await collect(model.stream(request, { signal: caller.signal }))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("frees a half-open probe slot when the probe is aborted", async () => {
    let clockMs = 0;
    const primary = createScriptedModel([serverError(), { hang: true }, answer("ok")], {
      name: "primary",
    });
    const model = createModelChain([primary], {
      ...baseOptions,
      breaker: { failureThreshold: 1, cooldownMs: 100 },
      now: () => clockMs,
    });
    await collect(model.stream(request)).catch(() => undefined);
    clockMs += 100;

    const caller = new AbortController();
    setTimeout(() => caller.abort(), 10);
    await collect(model.stream(request, { signal: caller.signal }));

    expect(model.states().primary).toBe("half-open");
    expect(spokenText(await collect(model.stream(request)))).toBe("ok");
  });
});
