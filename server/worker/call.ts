import { hostname } from "node:os";
import { RoomEvent, type RemoteParticipant } from "@livekit/rtc-node";
import { openLiveKitChannel } from "../channels/livekit-room";
import { parseOutboundCall } from "../channels/sip/outbound-metadata";
import { brain } from "../brain";
import { createLogger } from "../core/log";
import { END_REASONS } from "../core/ports";
import { env } from "../env";
import { loadBusinessProfile } from "../business-profile";
import { prismaConversationStore } from "../storage/conversation-store";
import { loadDialogueState } from "../storage/conversations/load-dialogue-state";
import { saveDialogueState } from "../storage/conversations/save-dialogue-state";
import { WriteJournal } from "../storage/write-journal";
import { createResilientStore } from "../storage/resilient-conversation-store";
import { recordToolCall } from "../storage/tool-calls/record-tool-call";
import { startVoiceSession } from "../voice/pipeline";
import { sensitiveCapturePending } from "../core/dialogue/digit-entry";
import { createCallRecorder, type CallRecorder } from "../channels/recording/call-recorder";
import { watchSensitiveCaptures } from "../channels/recording/sensitive-captures";
import { effectiveRecordingSettings, PHONE_RECORDING_NOTICE, recordingsDir } from "../channels/recording/settings";
import { saveRecording } from "../storage/recordings/save-recording";
import { findConversationStart } from "../storage/conversations/find-conversation-start";
import { VISIT_RESUMED_ATTRIBUTE } from "../channels/web-token";
import type { Logger } from "../core/log";
import type { Env } from "../env";
import { answeredLine, endPhoneCall, failOutboundCall, waitForCaller } from "./phone-call";

import type { CallContext } from "./call-context";
import { AGENT_ATTRIBUTES } from "./dispatch/orphan-rooms";

/**
 * One call = one room. LiveKit dispatches each new room to exactly one
 * registered worker; this runs the call in it with engines the worker loaded
 * before the room existed, so the greeting is not delayed by model loading.
 * An error here ends this call only (its runner catches it).
 */
export async function runCall(ctx: CallContext): Promise<void> {
  const config = env();
  const log = createLogger({ svc: "agent", room: ctx.job.roomName, job: ctx.job.id }, config.LOG_LEVEL);
  const engines = ctx.engines;
  await ctx.connect();
  // Which worker process took the room: lets operators (and the dispatch test) see the spread, and
  // a restarted worker find the rooms whose agent died with its process (dispatch/orphan-rooms.ts).
  // Not awaited: LiveKit's acknowledgement is a round trip the greeting need not wait for.
  void ctx.room.localParticipant
    ?.setAttributes({
      [AGENT_ATTRIBUTES.pid]: String(ctx.workerPid),
      [AGENT_ATTRIBUTES.host]: hostname(),
      [AGENT_ATTRIBUTES.name]: config.AGENT_NAME,
    })
    .catch((error: unknown) => log.warn("agent attributes not set", { error }));
  const roomName = ctx.room.name || ctx.job.roomName;
  // A room created by POST /api/admin/calls: its conversation exists, the callee is being dialled.
  const outbound = parseOutboundCall(ctx.room.metadata || ctx.job.roomMetadata);
  // Read while the caller is awaited: the settings lookup never delays the greeting.
  const recorderReady = openRecorder(config, log);
  const participant = await waitForCaller(ctx, outbound);
  if (!participant) {
    await failOutboundCall({ config, roomName, outbound: outbound!, reason: "the SIP bridge never joined the call", store: prismaConversationStore, log });
    ctx.shutdown("outbound call not connected");
    return;
  }
  log.info("participant joined", { identity: participant.identity, kind: participant.kind, direction: outbound ? "outbound" : "inbound" });
  // The slot is free the moment the caller is gone (a disconnect is final: LiveKit keeps a participant
  // through its own reconnection); ending the session and storing the cut reply go on behind it.
  const onCallerGone = (gone: RemoteParticipant) => gone.identity === participant.identity && ctx.callOver();
  ctx.room.on(RoomEvent.ParticipantDisconnected, onCallerGone);
  ctx.addShutdownCallback(async () => void ctx.room.off(RoomEvent.ParticipantDisconnected, onCallerGone));
  const recorder = await recorderReady;
  const channel = await openLiveKitChannel(ctx.room, participant, log, recorder);
  // The greeting (or an outbound call's opening) waits until the far end has picked up.
  const phone = channel.kind === "phone" ? await answeredLine(ctx.room, participant, outbound, config) : undefined;
  if (outbound && (!phone || phone.failure)) {
    await failOutboundCall({ config, roomName, outbound, participant, reason: phone?.failure ?? "the callee is not a phone line", store: prismaConversationStore, log });
    phone?.line.close();
    await channel.close();
    ctx.shutdown("outbound call not answered");
    return;
  }
  const controller = new AbortController();
  ctx.addShutdownCallback(async () => controller.abort());
  // Nothing stored yet unless a reload, a re-dispatch or an outbound call brought the conversation here:
  // then the greeting need not wait for the database (under load, the wait was most of a second).
  const startedAt = new Date();
  const continues = Boolean(outbound) || ctx.job.redispatched === true || participant.attributes[VISIT_RESUMED_ATTRIBUTE] === "true";
  // The call goes on while Postgres is down: writes queue in order and flush when it is back.
  const storage = createResilientStore(
    { store: prismaConversationStore, states: { load: loadDialogueState, save: saveDialogueState }, toolLog: { recordToolCall } },
    {
      log,
      waitMs: config.DB_WRITE_WAIT_MS,
      attemptTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      readTimeoutMs: config.DB_WRITE_WAIT_MS,
      journal: config.WRITE_JOURNAL_DIR ? WriteJournal.at(config.WRITE_JOURNAL_DIR, log) : undefined,
    },
  );
  const brainParts = brain(log, { toolLog: storage.toolLog });
  let { dialogue } = brainParts;
  let states = storage.states;
  if (recorder) {
    const profile = loadBusinessProfile();
    // Keys and digits given for a sensitive capture are kept as silence.
    states = watchSensitiveCaptures(states, (state) => sensitiveCapturePending(profile, state), (on) => recorder.setSensitive(on));
    // A caller hears that the call is recorded; the web widget shows it in writing.
    if (channel.kind === "phone") dialogue = { ...brainParts.dialogue, greeting: (context) => `${PHONE_RECORDING_NOTICE} ${brainParts.dialogue.greeting(context)}` };
    recorder.start(Date.now());
  }
  const session = await startVoiceSession(
    channel,
    {
      vad: engines.vad,
      stt: engines.stt,
      tts: channel.kind === "phone" ? (engines.phoneTts ?? engines.tts) : engines.tts,
      store: storage.store,
      dialogue,
      states,
      log,
      turnTaking: {
        endpointing: { minDelayMs: config.ENDPOINT_MIN_DELAY_MS, maxDelayMs: config.ENDPOINT_MAX_DELAY_MS },
        bargeInMinSpeechMs: config.BARGE_IN_MIN_SPEECH_MS,
        silenceRepromptMs: config.SILENCE_REPROMPT_MS,
        maxCallMs: config.MAX_CALL_DURATION_MS,
        maxUtteranceMs: config.MAX_UTTERANCE_MS,
      },
    },
    { signal: controller.signal, outbound: outbound ? { purpose: outbound.purpose } : undefined, newConversation: continues ? undefined : { startedAt } },
  );
  if (recorder && !continues) recorder.alignStart(startedAt.getTime());
  else if (recorder) {
    void findConversationStart({ id: session.conversationId }).then(
      (at) => recorder.alignStart(at?.getTime()),
      () => recorder.alignStart(undefined),
    );
  }
  if (outbound && session.conversationId !== outbound.conversationId) {
    log.error("outbound room attached to another conversation", { expected: outbound.conversationId, got: session.conversationId });
  }
  const ended = await session.done;
  // A phone call ends on the phone too: failed if the line dropped, REFER on a handoff, BYE when the agent hung up.
  const phoneEnd = phone
    ? await endPhoneCall({
        config,
        roomName,
        participant,
        line: phone.line,
        outcome: ended.outcome,
        stillConnected: ctx.room.remoteParticipants.has(participant.identity),
        log,
      })
    : undefined;
  phone?.line.close();
  // Nobody is on the line any more: what is left (storing the end, flushing writes queued during a
  // database outage, encoding the recording) need not hold the worker's slot for a new caller.
  ctx.callOver();
  const outcome = phoneEnd?.outcome ?? ended.outcome;
  // The line's own cause (media timeout, a refused transfer) names it better than "caller left"; a
  // session cut short by the worker shutting down has no reason of its own.
  const endReason = phoneEnd?.endReason ?? ended.endReason ?? END_REASONS.error;
  const callerLeftAt = ended.callerLeftAtMs !== undefined ? new Date(ended.callerLeftAtMs) : undefined;
  const endedAtMs = Date.now();
  await storage.store
    .endConversation({ conversationId: session.conversationId, outcome, endReason, callerLeftAt })
    .catch((error: unknown) => log.error("could not end conversation", { error }));
  log.info("conversation ended", {
    conversationId: session.conversationId,
    outcome,
    endReason,
    ...(callerLeftAt ? { leaveToEndMs: Date.now() - callerLeftAt.getTime() } : {}),
  });
  await channel.close();
  // Writes queued during a database outage land before the call frees its slot.
  if (storage.queue.pending > 0) {
    log.warn("waiting for the database to store the call", { pending: storage.queue.pending });
    const flushed = await storage.queue.idle(config.DB_FLUSH_WAIT_MS);
    log[flushed ? "info" : "error"](flushed ? "queued writes stored" : "queued writes not stored before the flush deadline", { pending: storage.queue.pending, deferred: storage.queue.deferred });
  }
  // Encoded in a child process after the conversation is stored as ended; the job waits for it.
  await recorder?.finish({ conversationId: session.conversationId, endMs: endedAtMs });
  ctx.shutdown(outcome === "transferred" ? "handed off" : "conversation over");
}

/** The call recorder, when recording is on (env and dashboard); a recorder that cannot start is skipped, never the call. */
async function openRecorder(config: Env, log: Logger): Promise<CallRecorder | undefined> {
  try {
    if (!(await effectiveRecordingSettings(config)).enabled) return undefined;
    return await createCallRecorder({
      dir: recordingsDir(config),
      sampleRate: 16000,
      separateTracks: config.RECORDING_SEPARATE_TRACKS,
      log,
      save: async (file) => void (await saveRecording(file)),
    });
  } catch (error) {
    log.error("call not recorded: recorder could not start", { error });
    return undefined;
  }
}
