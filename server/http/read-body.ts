import { AppError } from "../core/errors";

/**
 * Request bodies with a byte cap, enforced while reading: a declared
 * Content-Length over the cap is refused before anything is read, and a
 * chunked body is cut off as soon as it passes the cap, so no body is ever
 * held in memory whole before its size is known.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes));
}

/** The body as JSON; empty or malformed is a 400 with the reason. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const raw = await readBodyText(request, maxBytes);
  if (raw.trim() === "") throw new AppError("BAD_REQUEST", "request body must be JSON");
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "malformed JSON body");
  }
}

/** A body is optional but, when sent, must be JSON (e.g. POST /api/admin/sip/provision). */
export async function readOptionalJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const raw = await readBodyText(request, maxBytes);
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "malformed JSON body");
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `request body is larger than ${maxBytes} bytes`);
}
