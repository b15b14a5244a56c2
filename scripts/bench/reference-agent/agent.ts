/**
 * The reference for scripts/bench/agents.ts: LiveKit Agents' own
 * `voice.AgentSession` (Silero VAD from its plugin, its default turn detector
 * — the local `inference.TurnDetector` v1-mini in production mode — its
 * endpointing and interruption defaults) with the project's engines plugged in
 * through agents-js' plugin interfaces (plugins.ts). Same env as our worker
 * (server/env.ts: providers, fake latencies, AGENT_NAME, WORKER_HTTP_PORT,
 * AGENT_MAX_JOBS), so both sides run the same engines with the same settings.
 *
 *   AGENT_NAME=reference STT_PROVIDER=fake … npx tsx scripts/bench/reference-agent/agent.ts
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { AgentServer, ServerOptions, defineAgent, initializeLogger, voice, type JobContext, type JobProcess } from "@livekit/agents";
import * as silero from "@livekit/agents-plugin-silero";
import { loadBusinessProfile } from "../../../server/business-profile";
import { env } from "../../../server/env";
import { createLlm, fakeModel } from "../../../server/providers/llm";
import { createStt, preloadStt } from "../../../server/providers/stt";
import { loadDomainPhrases } from "../../../server/providers/stt/domain-phrases";
import { createTts, preloadTts } from "../../../server/providers/tts";
import { PortLLM, PortSTT, PortTTS } from "./plugins";

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    const config = env();
    proc.userData.vad = await silero.VAD.load();
    proc.userData.stt = new PortSTT(createStt(config, { domainPhrases: loadDomainPhrases(loadBusinessProfile(), join(process.cwd(), "knowledge")) }));
    proc.userData.tts = new PortTTS(createTts(config));
    await preloadStt(config);
    await preloadTts(config);
  },
  entry: async (ctx: JobContext) => {
    const config = env();
    await ctx.connect();
    await ctx.waitForParticipant();
    // The scripted cloud-like model answers every question; with local engines our dialogue core has no
    // LLM (intents and knowledge answer), so the reference gets the scripted model with no added latency.
    const model = createLlm(config) ?? fakeModel(0);
    const session = new voice.AgentSession({
      vad: ctx.proc.userData.vad as silero.VAD,
      stt: ctx.proc.userData.stt as PortSTT,
      tts: ctx.proc.userData.tts as PortTTS,
      llm: new PortLLM(model),
    });
    // The job ends with the session (the caller left), as ours does, so its slot frees.
    session.on(voice.AgentSessionEventTypes.Close, () => ctx.shutdown("session closed"));
    await session.start({ agent: new voice.Agent({ instructions: "You are the receptionist of a small cafe." }), room: ctx.room });
    session.say(loadBusinessProfile().greeting);
  },
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = env();
  initializeLogger({ pretty: false, level: config.LOG_LEVEL });
  const server = new AgentServer(
    new ServerOptions({
      agent: fileURLToPath(import.meta.url),
      wsURL: config.LIVEKIT_URL,
      apiKey: config.LIVEKIT_API_KEY,
      apiSecret: config.LIVEKIT_API_SECRET,
      agentName: config.AGENT_NAME,
      // Production mode: the default turn detector runs locally (v1-mini), as a self-hosted deployment would.
      production: true,
      numIdleProcesses: 1,
      // Same load rule as our worker (jobs in flight), so CPU on the shared box does not refuse calls.
      loadFunc: async (worker) => worker.activeJobs.length / config.AGENT_MAX_JOBS,
      loadThreshold: 1,
      host: "127.0.0.1",
      port: config.WORKER_HTTP_PORT,
      logLevel: config.LOG_LEVEL,
      // A job process importing agents-js and the engines can take over 30 s on a loaded 2-core box.
      initializeProcessTimeout: 120_000,
    }),
  );
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  server.run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
