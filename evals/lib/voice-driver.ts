import type { PcmFrame } from "../../server/core/ports";
import { createFliteTts, type FliteVoice } from "../../server/providers/tts/local";
import { concatFrames, silence } from "../../server/voice/audio";
import { PhoneParticipant } from "../../e2e/support/phone-participant";
import type { AdminApi, StoredConversation } from "./admin-api";
import type { Scenario } from "./schema";

/**
 * The caller's voice: flite `rms`, a voice the e2e fixtures (flite `slt`) and
 * the agent (hibari) do not use, so the recogniser meets an unfamiliar speaker.
 */
export const CALLER_VOICE: FliteVoice = "rms";

export async function speak(text: string): Promise<PcmFrame> {
  const frames: PcmFrame[] = [];
  for await (const frame of createFliteTts({ voice: CALLER_VOICE }).synthesize(text)) frames.push(frame);
  return concatFrames([...frames, silence(200, 16000)]);
}

export interface VoiceTurnObservation {
  /** Wall-clock time the caller started speaking this turn. */
  readonly saidAt: number;
  /** Agent audio reached the caller after it finished speaking. */
  readonly audioHeard: boolean;
}

export interface VoiceCall {
  readonly roomName: string;
  /** Waits for the greeting to finish. */
  greeted(): Promise<void>;
  /**
   * Speaks a turn, then waits for the agent to answer and fall quiet — or,
   * when the next turn will talk over the answer, only for the answer to start.
   */
  say(text: string, options: { interrupt: boolean; waitForQuiet: boolean }): Promise<VoiceTurnObservation>;
  /** The agent's final transcript segments the caller received in [from, to). */
  heardBetween(from: number, to?: number): string;
  stored(): Promise<StoredConversation | undefined>;
  hangUp(): Promise<void>;
}

const QUIET_MS = 1500;

/**
 * A web visitor or phone caller played by an `@livekit/rtc-node` participant
 * (e2e/support/phone-participant.ts) through the real LiveKit server: it
 * speaks each turn as synthesised audio in real time and listens to what the
 * agent says back. A phone caller joins with the kind and attributes the SIP
 * bridge gives one, so the worker runs its phone channel.
 */
export async function startVoiceCall(scenario: Scenario, admin: AdminApi, options: { agentName?: string }): Promise<VoiceCall> {
  const phone = scenario.channel === "phone";
  const roomName = `${phone ? "call" : "web"}-evals-${scenario.id}-${Date.now().toString(36)}`;
  const caller = new PhoneParticipant(roomName, scenario.callerNumber ?? "+15550199", { web: !phone, agentName: options.agentName });
  const joinedAt = new Date(Date.now() - 5000);
  await caller.join();
  let conversationId: string | undefined;

  const stored = async () => {
    if (conversationId) return admin.conversation(conversationId);
    const found = await admin.conversationInRoom(phone ? "phone" : "web", roomName, joinedAt);
    conversationId = found?.id;
    return found;
  };

  /** Agent audio started after `since` and then stopped for QUIET_MS; false when it never spoke before the deadline. */
  const answeredAndQuiet = async (since: number, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const spoke = caller.firstLoudAfter(since) !== undefined;
      const last = caller.loudAt.at(-1) ?? 0;
      if (spoke && Date.now() - last >= QUIET_MS) return true;
      await sleep(100);
    }
    return caller.firstLoudAfter(since) !== undefined;
  };

  let lastSpeechEnd = Date.now();
  return {
    roomName,
    async greeted() {
      // Generous: on a loaded 2-core machine a job process can take a minute to load its models.
      if (!(await answeredAndQuiet(joinedAt.getTime(), 90_000))) throw new Error("no greeting heard within 90 s");
    },
    async say(text, { interrupt, waitForQuiet }) {
      const audio = await speak(text);
      if (interrupt) {
        // Talk over the answer to the previous turn: 1.2 s after its audio started.
        const deadline = Date.now() + 20_000;
        while (caller.firstLoudAfter(lastSpeechEnd) === undefined && Date.now() < deadline) await sleep(50);
        const started = caller.firstLoudAfter(lastSpeechEnd) ?? Date.now();
        await sleep(Math.max(0, started + 1200 - Date.now()));
      }
      const saidAt = Date.now();
      const speechEnd = await caller.say(audio);
      lastSpeechEnd = speechEnd;
      if (!waitForQuiet) {
        const deadline = Date.now() + 30_000;
        while (caller.firstLoudAfter(speechEnd) === undefined && Date.now() < deadline) await sleep(50);
        return { saidAt, audioHeard: caller.firstLoudAfter(speechEnd) !== undefined };
      }
      const audioHeard = await answeredAndQuiet(speechEnd, 40_000);
      // The transcript of the last sentence can trail its audio by a moment.
      await sleep(300);
      return { saidAt, audioHeard };
    },
    heardBetween(from, to = Number.POSITIVE_INFINITY) {
      return caller.transcripts
        .filter((t) => t.role === "agent" && t.final && t.at >= from && t.at < to)
        .map((t) => t.text)
        .join(" ");
    },
    stored,
    hangUp: () => caller.hangUp(),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
