/**
 * The project's engines (STT, TTS, LLM ports) behind agents-js' own plugin
 * interfaces, so the reference `voice.AgentSession` runs with exactly the
 * engines our worker uses: Vosk / hibari locally, or the scripted cloud-like
 * fakes with the same latencies. Only the framework around them differs.
 */
import { type APIConnectOptions, DEFAULT_API_CONNECT_OPTIONS, llm, mergeFrames, shortuuid, stt, tts, type AudioBuffer } from "@livekit/agents";
import { AudioFrame, AudioResampler } from "@livekit/rtc-node";
import type { LanguageModel, ChatMessage } from "../../../server/core/dialogue/llm-port";
import type { PcmFrame, SpeechToText, TextToSpeech } from "../../../server/core/ports";

/**
 * Non-streaming on purpose: one transcribe() of the project's port is one
 * utterance, which is what agents-js' StreamAdapter hands a non-streaming STT
 * on each VAD end of speech (AgentSession wraps it itself).
 */
export class PortSTT extends stt.STT {
  label = "project.STT";
  constructor(private readonly port: SpeechToText) {
    super({ streaming: false, interimResults: false });
  }

  protected async _recognize(buffer: AudioBuffer, abortSignal?: AbortSignal): Promise<stt.SpeechEvent> {
    const merged = mergeFrames(buffer);
    const samples = resample(merged, this.port.sampleRate);
    async function* one(): AsyncIterable<PcmFrame> {
      yield samples;
    }
    let text = "";
    for await (const event of this.port.transcribe(one(), { signal: abortSignal })) {
      if (event.type === "final") text = event.text;
    }
    return {
      type: stt.SpeechEventType.FINAL_TRANSCRIPT,
      alternatives: [{ text, language: "en" as never, startTime: 0, endTime: 0, confidence: 1 }],
    };
  }

  stream(): stt.SpeechStream {
    throw new Error("PortSTT is non-streaming: AgentSession wraps it in stt.StreamAdapter with its VAD");
  }
}

function resample(frame: AudioFrame, rate: number): PcmFrame {
  if (frame.sampleRate === rate) return { samples: frame.data, sampleRate: rate };
  const resampler = new AudioResampler(frame.sampleRate, rate, frame.channels);
  const out = [...resampler.push(frame), ...resampler.flush()];
  return { samples: mergeFrames(out).data, sampleRate: rate };
}

/** Non-streaming TTS: agents-js splits the reply into sentences and calls synthesize() per sentence, as our speaker does. */
export class PortTTS extends tts.TTS {
  label = "project.TTS";
  constructor(readonly port: TextToSpeech) {
    super(port.sampleRate, 1, { streaming: false });
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
    return new PortChunkedStream(text, this, connOptions, abortSignal);
  }

  stream(): tts.SynthesizeStream {
    throw new Error("PortTTS is non-streaming: AgentSession wraps it in tts.StreamAdapter");
  }
}

class PortChunkedStream extends tts.ChunkedStream {
  label = "project.ChunkedStream";
  constructor(
    text: string,
    private readonly owner: PortTTS,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ) {
    super(text, owner, connOptions, abortSignal);
  }

  protected async run(): Promise<void> {
    const requestId = shortuuid("tts_");
    const segmentId = shortuuid("seg_");
    let last: AudioFrame | undefined;
    for await (const frame of this.owner.port.synthesize(this.inputText, { signal: this.abortController.signal })) {
      if (last) this.queue.put({ requestId, segmentId, frame: last, final: false });
      last = new AudioFrame(frame.samples, frame.sampleRate, 1, frame.samples.length);
    }
    if (last) this.queue.put({ requestId, segmentId, frame: last, final: true });
  }
}

/** The project's LanguageModel port (the scripted cloud-like model in the benchmarks) as an agents-js LLM. */
export class PortLLM extends llm.LLM {
  constructor(readonly port: LanguageModel) {
    super();
  }

  label(): string {
    return "project.LLM";
  }

  chat({ chatCtx, toolCtx, connOptions = DEFAULT_API_CONNECT_OPTIONS }: { chatCtx: llm.ChatContext; toolCtx?: llm.ToolContextLike; connOptions?: APIConnectOptions }): llm.LLMStream {
    return new PortLLMStream(this, this.port, { chatCtx, toolCtx, connOptions });
  }
}

class PortLLMStream extends llm.LLMStream {
  constructor(
    owner: PortLLM,
    private readonly port: LanguageModel,
    options: { chatCtx: llm.ChatContext; toolCtx?: llm.ToolContextLike; connOptions: APIConnectOptions },
  ) {
    super(owner, options);
  }

  protected async run(): Promise<void> {
    const messages: ChatMessage[] = [];
    for (const item of this.chatCtx.items) {
      if (item.type !== "message") continue;
      const content = item.textContent ?? "";
      if (item.role === "user") messages.push({ role: "user", content });
      else if (item.role === "assistant") messages.push({ role: "assistant", content });
      else messages.push({ role: "system", content });
    }
    const id = shortuuid("llm_");
    for await (const event of this.port.stream({ messages, maxTokens: 120 }, { signal: this.abortController.signal })) {
      if (event.type === "text") this.queue.put({ id, delta: { role: "assistant", content: event.delta } });
    }
  }
}
