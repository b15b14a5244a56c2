import { z } from "zod";

/**
 * A scenario: one conversation a real customer of the café could have, on one
 * channel, with what each answer must do. Files under evals/scenarios/*.json.
 *
 * Dates in tool arguments may be written relative to "today" in the business's
 * time zone: `{today}`, `{today+1}`, `{next:friday}` (resolved at run time), so
 * a scenario stays valid whatever day it runs.
 */

/** Case-insensitive substring; a list means "any one of these". */
const phrase = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const toolExpectation = z.object({
  name: z.string().min(1),
  /** Each given argument must match (strings compared case-insensitively, numbers exactly); others are free. */
  arguments: z.record(z.string(), z.unknown()).optional(),
});

export const turnExpectationSchema = z
  .object({
    /** The stored intent of the agent's answer (checked when the answer took the intent path: offline mode, or the LLM mode's fast path). */
    intent: z.string().optional(),
    /** Tools this turn must call (as stored), in any order. */
    tools: z.array(toolExpectation).optional(),
    /** Tools this turn must not call (e.g. `book_table` before an explicit yes). */
    noTools: z.array(z.string()).optional(),
    /** Every entry must appear in the answer. */
    says: z.array(phrase).optional(),
    /** No entry may appear in the answer. */
    mustNotSay: z.array(z.string().min(1)).optional(),
    /** The turn hands the conversation to a person (true) or must not (false). */
    transfer: z.boolean().optional(),
    /** After this turn a reservation is stored for the conversation (true) or none is yet (false): no booking before an explicit yes. */
    reserved: z.boolean().optional(),
  })
  .strict();

/** One step of what a competent LLM would do for this turn: call tools, or answer. */
const llmStepSchema = z.union([
  z.object({ tools: z.array(z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) })).min(1) }).strict(),
  z.object({ text: z.string().min(1) }).strict(),
]);

export const turnSchema = z
  .object({
    /** What the customer says or types. */
    user: z.string().min(1),
    /** Voice only: spoken while the agent is still answering the previous turn (barge-in). */
    interrupt: z.boolean().optional(),
    expect: turnExpectationSchema.default({}),
    /**
     * LLM mode: what the scripted OpenAI-compatible server answers when this
     * turn reaches the model (steps in order; after each tools step the
     * server gets the tool results and answers with the next step). A text
     * step may say `{reference}` (the booking reference in this turn's tool
     * results) or `{result.field}` (that field of the latest result having it),
     * as a model reads its tool results.
     * Absent: the model answers that it did not understand.
     */
    llm: z.array(llmStepSchema).min(1).optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    /** Filled from the file name when absent. */
    id: z.string().regex(/^[a-z0-9-]+$/).optional(),
    channel: z.enum(["chat", "web", "phone"]),
    persona: z.string().min(1),
    /** What the scenario exercises: paraphrase, misheard, correction, interruption, one-sentence, booking… */
    tags: z.array(z.string()).default([]),
    /** In the small set `npm test` runs. */
    ci: z.boolean().default(false),
    /** Phone only: the number the caller dials from. */
    callerNumber: z.string().optional(),
    turns: z.array(turnSchema).min(1),
    /** After the last turn. */
    final: z
      .object({
        /** Stored conversation outcome; `ongoing` = not ended. */
        outcome: z.enum(["completed", "transferred", "abandoned", "failed", "ongoing"]).optional(),
        /** A reservation stored for this conversation (GET /api/admin/reservations), with these fields. */
        reservation: z.union([z.literal(false), z.object({ partySize: z.number().int().optional(), name: z.string().optional() }).strict()]).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema> & { id: string };
export type ScenarioTurn = z.infer<typeof turnSchema>;
export type TurnExpectation = z.infer<typeof turnExpectationSchema>;
export type LlmStep = z.infer<typeof llmStepSchema>;
export type Channel = Scenario["channel"];
export type Mode = "offline" | "llm";
