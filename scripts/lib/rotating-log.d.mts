export declare const DEFAULT_LOG_MAX_BYTES: number;
export declare const DEFAULT_LOG_KEEP_FILES: number;
export declare function rotatingLog(
  path: string,
  options?: { maxBytes?: number; keep?: number },
): { write(chunk: string | Uint8Array): void; close(): void };
