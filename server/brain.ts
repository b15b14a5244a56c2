import { createDialogue, type Dialogue } from "./core/dialogue/dialogue";
import type { DialogueStateStore, KnowledgeBase } from "./core/dialogue/dialogue-ports";
import type { Logger } from "./core/log";
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
let cached: { profile: ReturnType<typeof loadBusinessProfile>; brain: Brain } | undefined;

export function brain(log: Logger, knowledge: KnowledgeBase = configuredKnowledgeBase(log)): Brain {
  const profile = loadBusinessProfile();
  if (cached?.profile === profile) return cached.brain;
  const dialogue = createDialogue({
    profile,
    orders: { findOrder },
    knowledge,
    giftCards: { findGiftCard },
    reservations: reservationBook,
    toolLog: { recordToolCall },
    llm: createLlm(env(), log),
    log,
    maxOrderLookups: env().ORDER_LOOKUPS_PER_CONVERSATION,
  });
  cached = { profile, brain: { dialogue, states } };
  return cached.brain;
}

/**
 * Semantic search when embeddings are configured, falling back to full-text
 * search if the embedding endpoint fails, so a provider outage never empties answers.
 */
function configuredKnowledgeBase(log: Logger): KnowledgeBase {
  const embeddings = knowledgeEmbeddings(env());
  if (!embeddings) return postgresKnowledgeBase;
  const semantic = createPostgresKnowledgeBase({ embedQuery: embeddings.embedQuery });
  return {
    search: async (query, options) => {
      try {
        return await semantic.search(query, options);
      } catch (error) {
        log.warn("semantic knowledge search failed; using full-text search", { error });
        return postgresKnowledgeBase.search(query, options);
      }
    },
  };
}
