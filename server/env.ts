import { z } from "zod";
import { trustedProxies } from "./http/client-address";
import { invalidOriginPatterns } from "./http/embed-origins";
import { weakProductionSecrets } from "./production-secrets";

/**
 * The one place that reads process.env. Every variable has a default for the
 * embedded stack, so `npm start` needs no configuration; a wrong value fails at
 * boot with a message naming the variable.
 */
const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .enum(["true", "false", "1", "0", ""])
  .transform((v) => v === "true" || v === "1");

const list = z.string().transform((v) =>
  v
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * `production` refuses default or short secrets at boot; `local` is the embedded stack with its
   * friendly defaults. Unset: production when NODE_ENV=production (outside `next build`). `npm start`
   * passes `local` (its web app runs with NODE_ENV=production) unless started with `--production`.
   */
  DEPLOYMENT: z.enum(["local", "production"]).optional(),
  /** Set by Next.js while it builds; a build needs no runtime secrets. */
  NEXT_PHASE: z.string().optional(),
  /** Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed; empty = none (the socket address is the client). */
  TRUSTED_PROXY: list
    .refine((entries) => {
      try {
        trustedProxies(entries);
        return true;
      } catch {
        return false;
      }
    }, "must be comma-separated IP addresses or CIDRs, e.g. 10.0.0.0/8,127.0.0.1")
    .default([]),
  /** Comma-separated websites that may embed the widget (public/embed.js) and get voice tokens from their pages, e.g. https://shop.example.com,https://*.example.org; the dashboard's settings add more. */
  EMBED_ALLOWED_ORIGINS: list
    .refine((entries) => invalidOriginPatterns(entries).length === 0, "must be comma-separated origins like https://shop.example.com or https://*.example.com (no paths)")
    .default([]),
  /** Visitor tokens (voice rooms) one client address may get per minute. */
  TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(6),
  /** Voice rooms one client address may hold open at once. */
  MAX_ROOMS_PER_CLIENT: z.coerce.number().int().min(1).max(10000).default(3),
  /** Chat messages one client address may send per minute. */
  CHAT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  /** Longest call (web voice or phone); the agent says goodbye and ends it. */
  MAX_CALL_DURATION_MS: z.coerce.number().int().min(60000).max(14400000).default(900000),
  /** Longest single utterance (continuous speech) before the agent takes the turn. */
  MAX_UTTERANCE_MS: z.coerce.number().int().min(3000).max(120000).default(30000),
  /** Order lookups per conversation (get_order_status). */
  ORDER_LOOKUPS_PER_CONVERSATION: z.coerce.number().int().min(1).max(100).default(5),
  WEB_PORT: port.default(3000),
  PUBLIC_URL: z.url().default("http://localhost:3000"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .default("postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable"),
  /** Every query's bound: Postgres cancels it (statement_timeout) and the client stops waiting 1 s later (PGlite ignores statement_timeout). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(5000),
  /** Longest a live call waits for a database write before it carries on and leaves the write queued (flushed in order when the database is back). */
  DB_WRITE_WAIT_MS: z.coerce.number().int().min(50).max(60000).default(1000),
  /** Where queued database writes are journaled until they land, so a worker that dies does not lose them (replayed by the next call's store); empty turns the journal off. */
  WRITE_JOURNAL_DIR: z.string().default(".data/write-journal"),
  /** After a call, how long its job process stays to flush writes queued during a database outage. */
  DB_FLUSH_WAIT_MS: z.coerce.number().int().min(0).max(3600000).default(300000),
  /** How long a job process may take to load its models (VAD, STT, TTS) before the worker gives up on it and starts another. */
  AGENT_PREWARM_TIMEOUT_MS: z.coerce.number().int().min(5000).max(600000).default(30000),
  /** Deadline of the knowledge search (and its query embedding) on the voice path; a breaker skips it while it keeps failing. */
  KNOWLEDGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(800),
  LIVEKIT_URL: z
    .string()
    .regex(/^wss?:\/\//, "must be a ws:// or wss:// URL")
    .default("ws://127.0.0.1:7880"),
  /** The LiveKit URL browsers use, when it differs from the server-side one. */
  LIVEKIT_PUBLIC_URL: z
    .string()
    .regex(/^wss?:\/\//, "must be a ws:// or wss:// URL")
    .optional(),
  LIVEKIT_API_KEY: z.string().min(1).default("devkey"),
  LIVEKIT_API_SECRET: z.string().min(6).default("secret"),
  REDIS_URL: z
    .string()
    .regex(/^redis:\/\//, "must be a redis:// URL")
    .default("redis://127.0.0.1:6379"),
  STT_PROVIDER: z.enum(["local", "deepgram", "fake"]).default("local"),
  TTS_PROVIDER: z.enum(["local", "deepgram", "openai", "fake"]).default("local"),
  LLM_PROVIDER: z.enum(["local", "openai", "fake"]).default("local"),
  /**
   * The scripted (`fake`) providers' latencies, to imitate cloud engines (scripts/bench/agents.ts):
   * STT final after the utterance's audio ends, LLM first token, TTS first audio of each sentence.
   */
  FAKE_STT_DELAY_MS: z.coerce.number().int().min(0).max(10000).default(0),
  FAKE_LLM_FIRST_TOKEN_MS: z.coerce.number().int().min(0).max(10000).default(0),
  FAKE_TTS_FIRST_BYTE_MS: z.coerce.number().int().min(0).max(10000).default(0),
  /** What the scripted STT hears, one comma-separated line per utterance; empty = the e2e fixtures' lines. */
  FAKE_STT_SCRIPT: list.default([]),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  /** Embedding model for semantic knowledge search (with OPENAI_API_KEY/OPENAI_BASE_URL); unset = full-text search. */
  OPENAI_EMBEDDING_MODEL: z.string().optional(),
  /** Second model in the fallback chain (same endpoint); the local brain comes after it. */
  OPENAI_FALLBACK_MODEL: z.string().optional(),
  /** Longest wait for an LLM's first token (and between chunks) before the next in the chain. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(200).max(60000).default(1200),
  DEEPGRAM_API_KEY: z.string().optional(),
  /** Deepgram REST base URL; the live STT WebSocket URL is derived from it (https → wss). */
  DEEPGRAM_BASE_URL: z.url().default("https://api.deepgram.com"),
  /** Deepgram live STT model. */
  DEEPGRAM_STT_MODEL: z.string().default("nova-3"),
  /** Audio sent to Deepgram STT: linear16 at 16 kHz, or mulaw at 8 kHz (telephony, a quarter of the bytes). */
  DEEPGRAM_STT_ENCODING: z.enum(["linear16", "mulaw"]).default("linear16"),
  /** Deepgram Aura voice model for TTS_PROVIDER=deepgram. */
  DEEPGRAM_TTS_MODEL: z.string().default("aura-2-thalia-en"),
  /** OpenAI speech model and voice for TTS_PROVIDER=openai (same endpoint and key as the LLM). */
  OPENAI_TTS_MODEL: z.string().default("gpt-4o-mini-tts"),
  OPENAI_TTS_VOICE: z.string().default("coral"),
  /** Longest silence from a cloud STT/TTS (connect, first audio, between chunks, last transcript) before the local engine takes over. */
  SPEECH_TIMEOUT_MS: z.coerce.number().int().min(200).max(60000).default(1500),
  /**
   * Behind a cloud STT: `hot` runs the local recogniser on every utterance beside it (CPU on every
   * turn, takes over at once), `cold` starts it only when the cloud fails (replays the utterance).
   */
  STT_STANDBY: z.enum(["hot", "cold"]).default("hot"),
  /** How long a failed cloud STT/TTS is skipped before the next request probes it again. */
  SPEECH_FAILOVER_COOLDOWN_MS: z.coerce.number().int().min(0).max(3600000).default(30000),
  ADMIN_EMAIL: z.email().default("admin@example.com"),
  ADMIN_PASSWORD: z.string().min(8).default("change-me-now"),
  SIP_PORT: port.default(5060),
  /** Set by the start-up scripts once livekit-sip runs; health then probes it instead of reporting "disabled". */
  SIP_ENABLED: bool.default(false),
  /** Comma-separated numbers the inbound trunk answers; empty = any number. */
  SIP_INBOUND_NUMBERS: list.default([]),
  /** Comma-separated IPs/CIDRs allowed to call in; empty = this machine's own addresses (no auth set) or any (auth set). */
  SIP_ALLOWED_ADDRESSES: list.default([]),
  /** Digest auth the carrier must use on the inbound trunk (both or neither). */
  SIP_AUTH_USERNAME: z.string().optional(),
  SIP_AUTH_PASSWORD: z.string().optional(),
  /** Where `transfer_to_human` sends a caller (SIP REFER): tel:+15550100 or sip:desk@pbx.example.com. */
  SIP_TRANSFER_TO: z.string().regex(/^(tel|sips?):/, "must be a tel: or sip: URI").default("tel:+15550100"),
  /** Where outbound calls go: host[:port] of the carrier or PBX behind the outbound trunk (a local test peer by default). */
  SIP_OUTBOUND_ADDRESS: z
    .string()
    .regex(/^(?:[A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/, "must be host or host:port, e.g. sip.carrier.example:5060")
    .default("127.0.0.1:5070"),
  /** Caller id of outbound calls (the outbound trunk's number). */
  SIP_OUTBOUND_NUMBER: z.string().regex(/^\+?[0-9]{2,20}$/, "must be a phone number like +15550100").default("+15550100"),
  /** Signalling transport to SIP_OUTBOUND_ADDRESS (the embedded bridge speaks udp and tcp). */
  SIP_OUTBOUND_TRANSPORT: z.enum(["udp", "tcp", "tls"]).default("udp"),
  /** Digest credentials the carrier asks outbound calls for (both or neither). */
  SIP_OUTBOUND_AUTH_USERNAME: z.string().optional(),
  SIP_OUTBOUND_AUTH_PASSWORD: z.string().optional(),
  /** How long an outbound call may ring before it counts as unanswered. */
  SIP_OUTBOUND_RING_TIMEOUT_MS: z.coerce.number().int().min(5000).max(300000).default(30000),
  AGENT_NAME: z.string().default(""),
  WORKER_HTTP_PORT: port.default(8081),
  /** Jobs (calls) one worker process takes before it reports itself full to LiveKit's dispatch. */
  AGENT_MAX_JOBS: z.coerce.number().int().min(1).max(500).default(10),
  /**
   * How the worker runs calls: "shared" runs every call in the worker process itself, sharing the
   * loaded engines (server/worker/dispatch); "process" is @livekit/agents' AgentServer, one job
   * process (with its own engines) per call.
   */
  AGENT_EXECUTOR: z.enum(["process", "shared"]).default("shared"),
  /** Worker threads running Silero VAD for the shared executor (a job process runs it on its own thread). */
  VAD_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  /** hibari synthesis threads for the shared executor, so one call's sentence does not queue behind another's (a job process uses one). */
  HIBARI_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  /** Vosk model folder for STT_PROVIDER=local (and behind deepgram); relative paths are from the working directory. */
  VOSK_MODEL_DIR: z.string().default(".cache/vosk/model-en-us"),
  /** libvosk.so for the local recogniser; `npm start` fetches both into .cache/vosk. */
  VOSK_LIBRARY: z.string().default(".cache/vosk/libvosk.so"),
  /** Voice for TTS_PROVIDER=local (and behind a cloud TTS): "heart" is hibari's natural voice; slt/kal16/awb/rms are flite's small robotic ones, which need no assets. */
  TTS_VOICE: z.enum(["heart", "slt", "kal16", "awb", "rms"]).default("heart"),
  /** hibari's model, lexicons and licence files (`npm start` fetches them from the hibari-tts wheel); relative paths are from the working directory. */
  HIBARI_ASSETS_DIR: z.string().default(".cache/hibari"),
  /** hibari's pace on phone calls (1 = its own; below 1 is slower), where a narrow 8 kHz line makes fast speech harder to follow. */
  TTS_PHONE_SPEED: z.coerce.number().min(0.5).max(2).default(1),
  /** Shape hibari for the telephone band on phone calls (250 Hz high-pass, presence boost at 2.6 kHz). */
  TTS_PHONE_SHAPING: z.enum(["on", "off"]).default("off"),
  /** Trailing silence the VAD needs before it proposes an end of turn. */
  VAD_MIN_SILENCE_MS: z.coerce.number().int().min(100).max(3000).default(250),
  /** Extra wait after that silence when the transcript looks complete / clearly unfinished. */
  ENDPOINT_MIN_DELAY_MS: z.coerce.number().int().min(0).max(5000).default(150),
  ENDPOINT_MAX_DELAY_MS: z.coerce.number().int().min(0).max(10000).default(1400),
  /** User speech this long while the agent talks interrupts it (a recognised word does too). */
  BARGE_IN_MIN_SPEECH_MS: z.coerce.number().int().min(100).max(5000).default(500),
  /** A web visitor who reloads the page within this long continues the same conversation (0 = never). */
  RECONNECT_GRACE_MS: z.coerce.number().int().min(0).max(600000).default(30000),
  /** Silence before "Are you still there?"; a second one ends the call politely. */
  SILENCE_REPROMPT_MS: z.coerce.number().int().min(2000).max(120000).default(8000),
  /** Record every voice conversation (web and phone), both sides mixed; the dashboard can also turn it off. */
  RECORDING_ENABLED: bool.default(true),
  /** Where recordings are written (relative paths are from the working directory). */
  RECORDINGS_DIR: z.string().min(1).default(".data/recordings"),
  /** Recordings older than this are deleted (the dashboard setting, once saved, takes precedence). */
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Also keep each side of a call alone (caller, agent) next to the mix. */
  RECORDING_SEPARATE_TRACKS: bool.default(false),
  /** Test-only: integration tests fail (instead of skipping) when the database is unreachable. */
  CI_REQUIRE_DB: bool.default(false),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
}).refine((e) => Boolean(e.SIP_AUTH_USERNAME) === Boolean(e.SIP_AUTH_PASSWORD), {
  path: ["SIP_AUTH_PASSWORD"],
  message: "set SIP_AUTH_USERNAME and SIP_AUTH_PASSWORD together",
}).refine((e) => Boolean(e.SIP_OUTBOUND_AUTH_USERNAME) === Boolean(e.SIP_OUTBOUND_AUTH_PASSWORD), {
  path: ["SIP_OUTBOUND_AUTH_PASSWORD"],
  message: "set SIP_OUTBOUND_AUTH_USERNAME and SIP_OUTBOUND_AUTH_PASSWORD together",
}).transform((e) => ({
  ...e,
  DEPLOYMENT: e.DEPLOYMENT ?? (e.NODE_ENV === "production" && e.NEXT_PHASE !== "phase-production-build" ? "production" : "local"),
})).superRefine((e, ctx) => {
  if (e.DEPLOYMENT !== "production") return;
  for (const weak of weakProductionSecrets(e)) ctx.addIssue({ code: "custom", path: [weak.variable], message: weak.message });
});

export type Env = z.infer<typeof envSchema>;

/** LiveKit's server API (Twirp over HTTP) is at the WebSocket URL's host: ws:// → http://, wss:// → https://. */
export function livekitHttpUrl(wsUrl: string): string {
  return wsUrl.replace(/^ws/, "http");
}

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      "Invalid environment:\n" +
        issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

/** Parses an env record; exported for tests. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "(root)"),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated env, parsed on first use and then reused. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
