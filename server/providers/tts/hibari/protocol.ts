import type { EngineOptions } from "./engine";

/** Messages between the TTS worker thread and its owner (hibari/client.ts). */
export interface WorkerSetup {
  readonly assetsDir: string;
  readonly options: EngineOptions;
}

export type ToWorker =
  | { readonly type: "synthesize"; readonly id: number; readonly text: string; readonly speed: number }
  | { readonly type: "cancel"; readonly id: number };

export type FromWorker =
  | { readonly type: "ready"; readonly loadMs: number }
  | { readonly type: "load-failed"; readonly message: string }
  /** 16-bit PCM at 24 kHz. */
  | { readonly type: "audio"; readonly id: number; readonly samples: Int16Array }
  | { readonly type: "end"; readonly id: number }
  | { readonly type: "error"; readonly id: number; readonly message: string };
