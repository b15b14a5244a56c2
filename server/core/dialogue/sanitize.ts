import { canonicalText } from "./digit-view";

/**
 * User text reaches the LLM only as user content, and role-like prefixes
 * ("SYSTEM:", "Assistant:", "<|im_start|>system") are neutralised so a caller
 * cannot pose as the system prompt or the assistant. The text is made
 * canonical first (NFKC, invisible characters removed), so "ＳＹＳＴＥＭ：" or
 * "sys\u200Btem:" cannot slip past the filter.
 */
const roleMarker = /(^|[\s"'`([{>*#.!?;,|-])(system|assistant|developer|user|tool|model|human|ai)\s*[:>\]]/gim;
const chatTemplateTokens = /<\|[^|>]{1,40}\|>|\[\/?(?:INST|SYS)\]|<<\/?SYS>>|<\/?s>|<\/?(?:system|assistant|user|tool)>/gi;

export const MAX_USER_TEXT_CHARS = 4000;

export function neutraliseUserText(text: string): string {
  return canonicalText(text)
    .replace(chatTemplateTokens, " ")
    .replace(roleMarker, (_m, before: string, role: string) => `${before}(the caller wrote "${role.toLowerCase()}")`)
    .slice(0, MAX_USER_TEXT_CHARS)
    .trim();
}
