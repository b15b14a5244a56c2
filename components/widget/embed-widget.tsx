"use client";

import { useEffect, useMemo, useState } from "react";
import { VoiceWidget } from "./voice-widget";

/** postMessage types between public/embed.js (the host page) and this iframe. */
export const EMBED_MESSAGES = { close: "harbor-embed:close", shown: "harbor-embed:shown", hidden: "harbor-embed:hidden" } as const;

export interface EmbedWidgetProps {
  title: string;
  /** The website embedding us, as the loader reported it (validated origin). */
  embedOrigin?: string;
  accent?: string;
  greeting?: string;
  lang: string;
  agent?: string;
}

/**
 * The voice widget filling the loader's iframe. Escape asks the loader to
 * close the panel (a key pressed in an iframe never reaches the host page);
 * the loader says when the panel is hidden (the call ends, the transcript
 * stays) or shown again (the mic button takes the focus).
 */
export function EmbedWidget({ title, embedOrigin, accent, greeting, lang, agent }: EmbedWidgetProps) {
  const [open, setOpen] = useState(true);
  // Only the embedding page may steer the panel, and only it hears from us.
  const parentOrigin = useMemo(() => ancestorOrigin() ?? embedOrigin, [embedOrigin]);
  useEffect(() => {
    if (!parentOrigin) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") window.parent.postMessage({ type: EMBED_MESSAGES.close }, parentOrigin);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== parentOrigin || event.source !== window.parent) return;
      const type = (event.data as { type?: unknown } | null)?.type;
      if (type === EMBED_MESSAGES.hidden) setOpen(false);
      if (type === EMBED_MESSAGES.shown) setOpen(true);
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("message", onMessage);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("message", onMessage);
    };
  }, [parentOrigin]);
  const room = useMemo(() => ({ tokenRequest: { embedOrigin: parentOrigin, agent } }), [parentOrigin, agent]);
  return (
    <VoiceWidget
      title={title}
      greeting={greeting}
      accent={accent}
      lang={lang}
      className="h-screen"
      open={open}
      autoFocus
      room={room}
    />
  );
}

/** Chromium and Safari tell a frame who frames it (the browser's word beats the loader's `origin` parameter, which covers the rest). */
function ancestorOrigin(): string | undefined {
  if (typeof window === "undefined") return undefined;
  return window.location.ancestorOrigins?.[0];
}
