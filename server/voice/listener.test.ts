import { describe, expect, it } from "vitest";
import { createScriptedStt } from "../providers/stt/fake";
import { listen, type ListenEvent } from "./listener";
import { silentAudio } from "./testing/timed-audio";
import { createScriptedVad } from "../providers/vad/fake";

/** A recogniser whose partials trail the audio: "what are your" at once, the whole question `lagMs` after speech ends. */
function laggingStt(speechEndsAtMs: number, lagMs: number) {
  const question = "what are your opening hours";
  return createScriptedStt([{ interims: ["what are your", { text: question, atMs: speechEndsAtMs + lagMs }], final: question }]);
}

async function endOfTurnDelay(lagMs: number): Promise<number> {
  const speech = { startMs: 200, durationMs: 800 };
  const minSilenceMs = 250;
  const events: ListenEvent[] = [];
  for await (const event of listen(silentAudio(4000)(), createScriptedVad([speech], minSilenceMs), laggingStt(speech.durationMs, lagMs), {
    endpointing: { minDelayMs: 150, maxDelayMs: 1400 },
  })) {
    events.push(event);
    if (event.type === "utterance") break;
  }
  const utterance = events.find((e) => e.type === "utterance");
  if (utterance?.type !== "utterance") throw new Error("no utterance");
  return utterance.utterance.endOfTurnAtMs - utterance.utterance.speechEndMs - minSilenceMs;
}

describe("end of turn on streaming partials", () => {
  it("waits long while the latest partial sounds unfinished", async () => {
    // The complete partial never comes before the long wait is over.
    expect(await endOfTurnDelay(5000)).toBeGreaterThanOrEqual(1350);
  });

  it("brings the decision forward when a trailing partial turns out complete", async () => {
    // The VAD proposes the end on "what are your" (1400 ms); the whole question arrives 300 ms later.
    const delay = await endOfTurnDelay(300);
    expect(delay).toBeLessThan(600);
    expect(delay).toBeGreaterThanOrEqual(140);
  });
});
