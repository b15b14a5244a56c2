/**
 * What the widget says to the visitor, in the languages the embed snippet's
 * `data-lang` can pick (the agent itself speaks the business profile's words).
 * Problems are in plain words: what happened and what the visitor can do.
 */
export type WidgetProblem =
  | "mic-denied"
  | "mic-missing"
  | "offline"
  | "reconnecting"
  | "dropped"
  | "unavailable"
  | "refused"
  | "busy";

export interface WidgetText {
  states: Record<"idle" | "connecting" | "listening" | "thinking" | "speaking", string>;
  talk: string;
  stopTalking: string;
  message: string;
  placeholder: string;
  send: string;
  assistant: string;
  /** Shown while a call is recorded. */
  recorded: string;
  problems: Record<WidgetProblem, string>;
}

const en: WidgetText = {
  states: { idle: "Click the mic to talk", connecting: "Connecting…", listening: "Listening", thinking: "Thinking", speaking: "Speaking" },
  talk: "Talk to the assistant",
  stopTalking: "Stop talking to the assistant",
  message: "Message",
  placeholder: "Type a message…",
  send: "Send",
  assistant: "assistant",
  recorded: "This conversation is recorded for quality review.",
  problems: {
    "mic-denied": "Your browser is blocking the microphone. Allow it for this site (the icon in the address bar) and click the mic again — or type your question below.",
    "mic-missing": "No microphone was found. Connect one and click the mic again — or type your question below.",
    offline: "We can't reach the assistant. Check your internet connection and try again.",
    reconnecting: "Connection lost — reconnecting… Your conversation is kept.",
    dropped: "The connection was lost and could not be restored. Click the mic to start again.",
    unavailable: "The assistant isn't available right now. Please try again in a few minutes, or type your question below.",
    refused: "The assistant can't be used on this website.",
    busy: "Too many calls from your connection right now. Please wait a minute and try again.",
  },
};

const es: WidgetText = {
  states: { idle: "Pulsa el micrófono para hablar", connecting: "Conectando…", listening: "Escuchando", thinking: "Pensando", speaking: "Hablando" },
  talk: "Hablar con el asistente",
  stopTalking: "Dejar de hablar con el asistente",
  message: "Mensaje",
  placeholder: "Escribe un mensaje…",
  send: "Enviar",
  assistant: "asistente",
  recorded: "Esta conversación se graba para control de calidad.",
  problems: {
    "mic-denied": "Tu navegador bloquea el micrófono. Permítelo para este sitio (el icono de la barra de direcciones) y pulsa el micrófono otra vez, o escribe tu pregunta abajo.",
    "mic-missing": "No se encontró ningún micrófono. Conecta uno y pulsa el micrófono otra vez, o escribe tu pregunta abajo.",
    offline: "No podemos contactar con el asistente. Comprueba tu conexión a internet e inténtalo de nuevo.",
    reconnecting: "Se perdió la conexión; reconectando… Tu conversación se conserva.",
    dropped: "Se perdió la conexión y no se pudo recuperar. Pulsa el micrófono para empezar de nuevo.",
    unavailable: "El asistente no está disponible ahora. Inténtalo en unos minutos o escribe tu pregunta abajo.",
    refused: "El asistente no se puede usar en este sitio web.",
    busy: "Demasiadas llamadas desde tu conexión. Espera un minuto e inténtalo de nuevo.",
  },
};

const languages: Record<string, WidgetText> = { en, es };

/** `es-MX` → Spanish; anything unknown → English. */
export function widgetText(lang: string | undefined): WidgetText {
  const base = (lang ?? "en").toLowerCase().split("-")[0] ?? "en";
  return languages[base] ?? en;
}

export const widgetLanguages = Object.keys(languages);

/** The problem an HTTP refusal of /api/token means for the visitor. */
export function tokenProblem(status: number): WidgetProblem {
  if (status === 403) return "refused";
  if (status === 429) return "busy";
  return "unavailable";
}

/** The problem a failed getUserMedia means: denied (by the visitor, the browser or the page's permissions) or no device. */
export function microphoneProblem(error: unknown): WidgetProblem {
  const name = error instanceof Error || (typeof DOMException !== "undefined" && error instanceof DOMException) ? (error as Error).name : "";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "mic-missing";
  return "mic-denied";
}
