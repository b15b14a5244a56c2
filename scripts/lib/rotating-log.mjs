// A log file that does not grow forever: past `maxBytes` it is renamed to
// `<name>.1` (older ones shift to .2, .3 …, the oldest beyond `keep` is
// dropped) and a fresh file is started. Written synchronously, so a rotation
// never interleaves with a write.
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_LOG_KEEP_FILES = 3;

export function rotatingLog(path, { maxBytes = DEFAULT_LOG_MAX_BYTES, keep = DEFAULT_LOG_KEEP_FILES } = {}) {
  let fd = openSync(path, "a");
  let size = fstatSync(fd).size;
  let closed = false;

  const rotate = () => {
    closeSync(fd);
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    }
    if (keep > 0) renameSync(path, `${path}.1`);
    else rmSync(path, { force: true });
    fd = openSync(path, "a");
    size = 0;
  };
  if (size >= maxBytes) rotate();

  return {
    write(chunk) {
      if (closed) return;
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (size > 0 && size + bytes.length > maxBytes) rotate();
      writeSync(fd, bytes);
      size += bytes.length;
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
