/**
 * User text reaches the LLM only as user content, and role-like prefixes
 * ("SYSTEM:", "Assistant:", "<|im_start|>system") are neutralised so a caller
 * cannot pose as the system prompt or the assistant.
 */
const rolePrefix = /^\s*(?:#+\s*)?(system|assistant|developer|user|tool)\s*[:>\]]/gim;
const chatTemplateTokens = /<\|[^|>]{1,40}\|>|\[\/?INST\]|<\/?s>/gi;

export function neutraliseUserText(text: string): string {
  return text
    .replace(chatTemplateTokens, " ")
    .replace(rolePrefix, (_m, role: string) => `(the caller wrote "${role.toLowerCase()}")`)
    .slice(0, 4000)
    .trim();
}
