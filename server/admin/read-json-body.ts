import type { NextRequest } from "next/server";
import { AppError } from "../core/errors";

/**
 * The request body as parsed JSON, refusing bodies over `maxBytes` before
 * parsing them. Malformed JSON throws SyntaxError, which errorResponse maps to
 * a 400.
 */
export async function readJsonBody(request: NextRequest, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("BAD_REQUEST", `request body is larger than ${maxBytes} bytes`);
  const raw = await request.text();
  if (Buffer.byteLength(raw, "utf8") > maxBytes) throw new AppError("BAD_REQUEST", `request body is larger than ${maxBytes} bytes`);
  if (raw.trim() === "") throw new AppError("BAD_REQUEST", "request body must be JSON");
  return JSON.parse(raw) as unknown;
}
