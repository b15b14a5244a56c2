/**
 * Sentence splitting lives in the dialogue core (knowledge answers need it
 * too); the voice side re-exports it for the TTS path.
 */
export { cutSentences, splitSentences, type SentenceCut } from "../core/dialogue/sentences";
