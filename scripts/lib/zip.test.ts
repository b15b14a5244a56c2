import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readZip } from "./zip.mjs";

const dir = mkdtempSync(join(tmpdir(), "zip-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a zip with Python's zipfile (the same writer that makes the wheels we unpack). */
function makeZip(name: string, script: string): Buffer {
  const path = join(dir, name);
  execFileSync("python3", ["-c", `import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w')\n${script}\nz.close()`, path]);
  return readFileSync(path);
}

describe("readZip", () => {
  it("reads stored and deflated entries byte for byte", () => {
    const zip = makeZip(
      "mixed.zip",
      [
        "z.writestr('pkg/plain.txt', 'hello wheel', compress_type=zipfile.ZIP_STORED)",
        "z.writestr('pkg/data.bin', bytes(range(256))*400, compress_type=zipfile.ZIP_DEFLATED)",
        "z.writestr('pkg/', '')",
      ].join("\n"),
    );
    const entries = readZip(zip);
    expect([...entries.keys()]).toEqual(["pkg/plain.txt", "pkg/data.bin", "pkg/"]);
    expect(entries.get("pkg/plain.txt")!.read().toString()).toBe("hello wheel");
    const data = entries.get("pkg/data.bin")!.read();
    expect(data.length).toBe(256 * 400);
    expect(data[300]).toBe(300 % 256);
  });

  it("refuses an entry that would escape its folder", () => {
    const zip = makeZip("evil.zip", "z.writestr('../outside.txt', 'x')");
    expect(() => readZip(zip)).toThrow(/escapes its folder/);
  });

  it("says when a file is not a zip", () => {
    expect(() => readZip(Buffer.from("not a zip at all, just some bytes to read"))).toThrow(/not a zip file/);
  });
});
