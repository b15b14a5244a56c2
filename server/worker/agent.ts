import { AutoSubscribe, defineAgent, type JobContext, type JobProcess } from "@livekit/agents";
import { env } from "../env";
import type { CallContext } from "./call-context";
import { runCall } from "./call";
import { loadEngines, type Engines } from "./engines";
import { isRedispatch } from "./dispatch/orphan-rooms";

/**
 * The call entry for AGENT_EXECUTOR=process: @livekit/agents' AgentServer runs
 * each call in its own job process, whose prewarm loads the engines before a
 * room exists. Kept as the fallback beside the shared-process worker and as
 * what the reference comparison measures against.
 */
export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    proc.userData.engines = await loadEngines(env());
  },
  entry: async (ctx: JobContext) => runCall(fromJobContext(ctx)),
});

function fromJobContext(ctx: JobContext): CallContext {
  return {
    room: ctx.room,
    job: {
      id: ctx.job.id,
      roomName: ctx.room.name || ctx.job.room?.name || "",
      roomMetadata: ctx.job.room?.metadata ?? "",
      redispatched: isRedispatch(ctx.job.metadata),
    },
    engines: ctx.proc.userData.engines as Engines,
    // The job process's parent is the worker that LiveKit dispatched to.
    workerPid: process.ppid,
    connect: () => ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY),
    waitForParticipant: (identity) => ctx.waitForParticipant(identity),
    shutdown: (reason) => ctx.shutdown(reason),
    addShutdownCallback: (callback) => ctx.addShutdownCallback(callback),
    // The job process is the slot; it ends when the entry does.
    callOver: () => {},
  };
}
