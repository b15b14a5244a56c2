import { Fragment } from "react";

/** What the PII redactor leaves in stored text, e.g. "[redacted card]", "[redacted 9 digits]". */
const REDACTION = /\[redacted [a-z0-9 ]+\]/gi;

/** Renders a turn's text with redaction markers shown as such, not as words the caller said. */
export function RedactedText({ text }: { text: string }) {
  const parts: { text: string; redacted: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(REDACTION)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: text.slice(last, index), redacted: false });
    parts.push({ text: match[0], redacted: true });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), redacted: false });
  return (
    <>
      {parts.map((part, i) =>
        part.redacted ? (
          <mark
            key={i}
            data-testid="redaction"
            title="Removed before storage (personal data)"
            className="rounded bg-stone-800 px-1.5 py-0.5 font-mono text-[0.8em] text-stone-100"
          >
            {part.text.slice(1, -1)}
          </mark>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
