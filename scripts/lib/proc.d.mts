import type { ChildProcess } from "node:child_process";
export declare const RESTART_BASE_MS: number;
export declare const RESTART_MAX_MS: number;
export declare const RESTART_STABLE_MS: number;
export declare function restartDelayMs(crashesInARow: number, uptimeMs: number): number;
export interface ServiceEntry {
  readonly component: string;
  readonly child: ChildProcess;
  readonly exited: boolean;
  readonly restarts: number;
}
export declare function startService(
  component: string,
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; logDir: string; echo?: boolean; restart?: boolean; onRestart?: (entry: ServiceEntry) => void },
): ServiceEntry;
export declare function stopAll(graceMs?: number, graceFor?: Record<string, number>): Promise<void>;
export declare function sleep(ms: number): Promise<void>;
export declare function say(component: string, message: string): void;
