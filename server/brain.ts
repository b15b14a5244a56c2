import { createDialogue, type Dialogue } from "./core/dialogue/dialogue";
import type { DialogueStateStore, KnowledgeBase, ToolCallLog } from "./core/dialogue/dialogue-ports";
import { CircuitBreaker, guarded } from "./core/resilience";
import { createLogger, type Logger } from "./core/log";
import { loadBusinessProfile } from "./business-profile";
import { env } from "./env";
import { createLlm } from "./providers/llm";
import { loadDialogueState } from "./storage/conversations/load-dialogue-state";
import { saveDialogueState } from "./storage/conversations/save-dialogue-state";
import { knowledgeEmbeddings } from "./providers/llm/knowledge-embeddings";
import { createPostgresKnowledgeBase, postgresKnowledgeBase } from "./storage/knowledge/knowledge-base";
import { findGiftCard } from "./storage/gift-cards/find-gift-card";
import { findOrder } from "./storage/orders/find-order";
import { recordToolCall } from "./storage/tool-calls/record-tool-call";
import { reservationBook } from "./storage/reservations/reservation-book";

/**
 * Composition root of the dialogue core: the same brain, wired to Postgres and
 * the configured LLM, for web voice, phone and chat. Rebuilt when the business
 * profile file changes, so admin edits apply without a restart.
 */
export interface Brain {
  readonly dialogue: Dialogue;
  readonly states: DialogueStateStore;
}

const states: DialogueStateStore = { load: loadDialogueState, save: saveDialogueState };
/** A tool's database lookup on a live call: a failed one is said as such, a slow one must not hold the line. */
const LOOKUP_TIMEOUT_MS = 1500;
const lookups = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 5000 });
/**
 * What every conversation of this process shares: the LLM chain and the knowledge base with their
 * breakers (one caller's outage spares the next caller the wait). They log as the process, not as
 * whichever call happened to build them.
 */
let shared: { profile: Profile; llm: ReturnType<typeof createLlm>; knowledge: KnowledgeBase } | undefined;
type Profile = ReturnType<typeof loadBusinessProfile>;

function sharedParts(profile: Profile) {
  if (shared?.profile === profile) return shared;
  const log = createLogger({ svc: "brain" }, env().LOG_LEVEL);
  shared = { profile, llm: createLlm(env(), log), knowledge: configuredKnowledgeBase(log) };
  return shared;
}

/**
 * The dialogue for one conversation: its own logger and tool-call log (a live call's write-behind
 * queue), over the process's shared parts (about 1.5 ms to make).
 */
export function brain(log: Logger, overrides: { knowledge?: KnowledgeBase; toolLog?: ToolCallLog } = {}): Brain {
  const profile = loadBusinessProfile();
  const { llm, knowledge } = sharedParts(profile);
  const dialogue = createDialogue({
    profile,
    orders: { findOrder: (orderNumber) => guarded(() => findOrder(orderNumber), { what: "order lookup", timeoutMs: LOOKUP_TIMEOUT_MS, breaker: lookups }) },
    knowledge: overrides.knowledge ?? knowledge,
    giftCards: { findGiftCard: (cardNumber) => guarded(() => findGiftCard(cardNumber), { what: "gift card lookup", timeoutMs: LOOKUP_TIMEOUT_MS, breaker: lookups }) },
    reservations: reservationBook,
    // A live call passes its write-behind log (the call goes on while the database is down).
    toolLog: overrides.toolLog ?? { recordToolCall },
    llm,
    log,
    maxOrderLookups: env().ORDER_LOOKUPS_PER_CONVERSATION,
  });
  return { dialogue, states };
}

/**
 * Semantic search when embeddings are configured, full-text search when the
 * embedding endpoint fails. Each is bounded by KNOWLEDGE_TIMEOUT_MS and a
 * breaker, so an outage costs one short pause and then none: a turn whose
 * search fails goes on without knowledge (the dialogue's unanswered route).
 */
function configuredKnowledgeBase(log: Logger): KnowledgeBase {
  const timeoutMs = env().KNOWLEDGE_TIMEOUT_MS;
  const fullTextBreaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 10_000 });
  const fullText: KnowledgeBase = {
    search: (query, options) =>
      guarded((signal) => postgresKnowledgeBase.search(query, { ...options, signal }), { what: "knowledge search", timeoutMs, breaker: fullTextBreaker, signal: options?.signal }),
  };
  const embeddings = knowledgeEmbeddings(env());
  if (!embeddings) return fullText;
  const semantic = createPostgresKnowledgeBase({ embedQuery: embeddings.embedQuery });
  const semanticBreaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 30_000 });
  return {
    search: async (query, options) => {
      try {
        return await guarded((signal) => semantic.search(query, { ...options, signal }), { what: "semantic knowledge search", timeoutMs, breaker: semanticBreaker, signal: options?.signal });
      } catch (error) {
        if (options?.signal?.aborted) throw error;
        log.warn("semantic knowledge search failed; using full-text search", { error });
        return fullText.search(query, options);
      }
    },
  };
}
