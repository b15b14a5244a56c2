import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PcmFrame, SttEvent } from "../../core/ports";
import { chunkFrames, concatFrames, silence } from "../../voice/audio";
import { createStt } from "../stt";
import { assertAssets } from "./hibari/assets";
import { testAssetsDir } from "./hibari/testing/assets-dir";
import { createHibariTts, preloadHibari } from "./hibari-voice";

/** The voice, heard by the product's own recogniser (Vosk, fetched by the set-up into .cache/vosk). */
describe("hibari TTS heard back", () => {
  beforeAll(async () => {
    assertAssets(testAssetsDir);
    await preloadHibari(testAssetsDir);
  }, 60_000);

  it.each([
    ["Your order will arrive on Friday morning.", "your order will arrive on friday morning"],
    ["Thanks for calling Harbor Cafe. How can I help you today?", "thanks for calling harbor cafe how can i help you today"],
  ])("%s", async (text, expected) => {
    const tts = createHibariTts({ assetsDir: testAssetsDir });
    const stt = createStt({ STT_PROVIDER: "local", VOSK_MODEL_DIR: resolve(".cache/vosk/model-en-us"), VOSK_LIBRARY: resolve(".cache/vosk/libvosk.so") });
    const frames: PcmFrame[] = [];
    for await (const frame of tts.synthesize(text)) frames.push(frame);
    const audio = concatFrames([...frames, silence(400, 16000)]);
    async function* stream(): AsyncIterable<PcmFrame> {
      for (const frame of chunkFrames(audio, 20)) yield frame;
    }
    const events: SttEvent[] = [];
    for await (const event of stt.transcribe(stream())) events.push(event);
    const heard = events.filter((e) => e.type === "final").map((e) => e.text).join(" ");
    expect(heard.toLowerCase()).toBe(expected);
  }, 30_000);
});
