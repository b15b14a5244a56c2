import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EncoderLauncher } from "./encode";

/** One second of a 440 Hz tone, raw 16-bit mono at 16 kHz. */
function rawTone(path: string): void {
  const samples = new Int16Array(16000);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16000));
  writeFileSync(path, Buffer.from(samples.buffer));
}

let dir: string;
let launcher: EncoderLauncher;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "encode-"));
  launcher = new EncoderLauncher();
});
afterEach(() => {
  launcher.close();
  rmSync(dir, { recursive: true, force: true });
});

// opus-tools is installed by `npm start` and `npm test` (scripts/run.mjs).
describe("EncoderLauncher", () => {
  it("encodes recordings side by side through one launcher, leaving only the finished files", async () => {
    for (const side of ["caller", "agent"]) rawTone(join(dir, `${side}.raw`));

    await Promise.all(["caller", "agent"].map((side) => launcher.encode(join(dir, `${side}.raw`), join(dir, `${side}.ogg`), 16000)));

    expect(readdirSync(dir).sort()).toEqual(["agent.ogg", "caller.ogg"]);
    for (const side of ["caller", "agent"]) expect(readFileSync(join(dir, `${side}.ogg`)).subarray(0, 4).toString()).toBe("OggS");
    // The second batch goes to the same shell: no spawn from this process.
    rawTone(join(dir, "again.raw"));
    const pidBefore = (launcher as unknown as { child?: { pid?: number } }).child?.pid;
    await launcher.encode(join(dir, "again.raw"), join(dir, "again.ogg"), 16000);
    expect((launcher as unknown as { child?: { pid?: number } }).child?.pid).toBe(pidBefore);
  });

  it("a failed encode says why and leaves no partial or error file behind", async () => {
    const error = await launcher.encode(join(dir, "missing.raw"), join(dir, "missing.ogg"), 16000).catch((e: unknown) => e as Error);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/opusenc exited [1-9].*missing\.raw/s);
    expect(readdirSync(dir).filter((f) => !f.endsWith(".part"))).toEqual([]);
  });

  it("a launcher that died fails what it held and is started again for the next recording", async () => {
    rawTone(join(dir, "first.raw"));
    await launcher.encode(join(dir, "first.raw"), join(dir, "first.ogg"), 16000);
    const child = (launcher as unknown as { child?: { pid?: number } }).child;
    process.kill(child!.pid!, "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));

    rawTone(join(dir, "second.raw"));
    await launcher.encode(join(dir, "second.raw"), join(dir, "second.ogg"), 16000);
    expect(existsSync(join(dir, "second.ogg"))).toBe(true);
  });

  it("refuses a path that would break its line protocol", async () => {
    await expect(launcher.encode(join(dir, "a\tb.raw"), join(dir, "out.ogg"), 16000)).rejects.toThrow(/tabs or newlines/);
  });
});
