import { inflateRawSync } from "node:zlib";

/**
 * The entries of a zip file (a wheel, a Maven aar), each read on demand;
 * stored and deflated entries, no zip64. A few lines instead of a dependency:
 * the set-up runs before npm packages are guaranteed.
 */
export function readZip(zip) {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file (no end of central directory)");
  const entries = new Map();
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const headerOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (name.split("/").includes("..")) throw new Error(`zip entry escapes its folder: ${name}`);
    entries.set(name, {
      read() {
        if (compressedSize === 0xffffffff || headerOffset === 0xffffffff) throw new Error(`zip64 entry not supported: ${name}`);
        const start = headerOffset + 30 + zip.readUInt16LE(headerOffset + 26) + zip.readUInt16LE(headerOffset + 28);
        const raw = zip.subarray(start, start + compressedSize);
        const data = method === 0 ? raw : method === 8 ? inflateRawSync(raw) : undefined;
        if (!data) throw new Error(`zip entry ${name} uses compression method ${method}`);
        if (data.length !== size) throw new Error(`zip entry ${name} is ${data.length} bytes, expected ${size}`);
        return data;
      },
    });
  }
  return entries;
}
