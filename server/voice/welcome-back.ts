/** Longest quote of the caller's own words in the welcome-back line. */
const MAX_QUOTE_CHARS = 80;

/**
 * What the agent says when a visitor comes back to a conversation (a page
 * reload within the grace period): it picks up where they were, naming what
 * they last asked, rather than greeting a stranger.
 */
export function welcomeBack(turns: readonly { role: "user" | "agent"; text: string }[]): string {
  const lastAsked = turns.findLast((turn) => turn.role === "user")?.text.trim();
  if (!lastAsked) return "Welcome back! How can I help you?";
  const quote = lastAsked.length > MAX_QUOTE_CHARS ? `${lastAsked.slice(0, MAX_QUOTE_CHARS).replace(/\s+\S*$/, "")}…` : lastAsked;
  return `Welcome back — you asked about "${quote.replace(/[.?!]+$/, "")}". Shall I go on, or is there something else?`;
}
