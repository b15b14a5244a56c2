/**
 * Synthetic callers for the benchmarks: rtc-node participants (the e2e
 * PhoneParticipant, joined as web visitors) that join a room dispatched to a
 * named agent, ask a question made with flite at run time, and meter what
 * they hear. Voice-to-voice is measured at the caller: the wall-clock time
 * the question's last frame went out → the first loud agent frame after it.
 */
import type { PcmFrame } from "../../server/core/ports";
import { createFliteTts } from "../../server/providers/tts/local";
import { concatFrames, rms } from "../../server/voice/audio";
import { PhoneParticipant } from "../../e2e/support/phone-participant";

export interface CallPlan {
  agentName: string;
  question: PcmFrame;
  turns: number;
  /** Keep asking until this wall-clock time (the soak), up to `turns`. */
  untilMs?: number;
  /** Leave this long after the last answer starts (issue 16's capacity check), instead of hearing it out. */
  leaveMidAnswerAfterMs?: number;
  /** Agent silence that counts as "done speaking". */
  quietMs?: number;
  /** Longest wait for the agent's greeting (job process start + join), and for each answer's first audio. */
  greetingTimeoutMs?: number;
  replyTimeoutMs?: number;
}

export interface CallResult {
  roomName: string;
  /** Join → first loud greeting frame; undefined when no greeting was heard. */
  greetingMs?: number;
  v2vMs: number[];
  missedTurns: number;
  /** When the caller left (wall clock). */
  leftAtMs?: number;
  error?: string;
}

/** A question as the caller says it: flite speech cut right after its last voiced 10 ms, 16 kHz. */
export async function questionAudio(text: string, voice: "awb" | "rms" | "slt" | "kal16" = "awb"): Promise<PcmFrame> {
  const frames: PcmFrame[] = [];
  for await (const frame of createFliteTts({ voice }).synthesize(text)) frames.push(frame);
  const audio = concatFrames(frames);
  if (audio.sampleRate !== 16000) throw new Error(`flite ${voice} gave ${audio.sampleRate} Hz; the callers send 16 kHz`);
  let end = audio.samples.length;
  for (let i = audio.samples.length - 160; i > 0; i -= 160) {
    if (rms(audio.samples.subarray(i, i + 160)) > 300) {
      end = i + 160;
      break;
    }
  }
  return { samples: audio.samples.slice(0, end), sampleRate: 16000 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

/** Heard something since `sinceMs`, and nothing for `quietMs` after it. */
function doneSpeaking(caller: PhoneParticipant, sinceMs: number, quietMs: number): boolean {
  const last = caller.loudAt.at(-1);
  return last !== undefined && last >= sinceMs && Date.now() - last >= quietMs;
}

export async function runCall(plan: CallPlan, roomName: string): Promise<CallResult> {
  const quietMs = plan.quietMs ?? 900;
  const caller = new PhoneParticipant(roomName, "", { web: true, agentName: plan.agentName });
  const result: CallResult = { roomName, v2vMs: [], missedTurns: 0 };
  const joinedAt = Date.now();
  try {
    await caller.join();
    // The greeting: wait until it is over, so the question is not taken for a barge-in.
    if (await until(() => doneSpeaking(caller, joinedAt, quietMs), plan.greetingTimeoutMs ?? 60_000)) {
      result.greetingMs = caller.loudAt[0]! - joinedAt;
    }
    for (let turn = 0; turn < plan.turns && Date.now() < (plan.untilMs ?? Infinity); turn++) {
      const spokenEnd = await caller.say(plan.question);
      const answered = await until(() => caller.firstLoudAfter(spokenEnd) !== undefined, plan.replyTimeoutMs ?? 10_000);
      if (!answered) {
        result.missedTurns += 1;
        continue;
      }
      const firstLoud = caller.firstLoudAfter(spokenEnd)!;
      result.v2vMs.push(firstLoud - spokenEnd);
      if (turn === plan.turns - 1 && plan.leaveMidAnswerAfterMs !== undefined) {
        await sleep(Math.max(0, firstLoud + plan.leaveMidAnswerAfterMs - Date.now()));
        break;
      }
      await until(() => doneSpeaking(caller, firstLoud, quietMs), 60_000);
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    result.leftAtMs = Date.now();
    await caller.hangUp().catch(() => undefined);
  }
  return result;
}

/** N callers at once (joins spread by `staggerMs`, as calls arrive in real life, not in one instant). */
export async function runCalls(n: number, plan: CallPlan, options: { roomPrefix: string; staggerMs?: number }): Promise<CallResult[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await sleep(i * (options.staggerMs ?? 250));
      return runCall(plan, `${options.roomPrefix}-${i}`);
    }),
  );
}
