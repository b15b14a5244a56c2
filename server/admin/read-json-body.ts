import type { NextRequest } from "next/server";
import { readJsonBody as readCappedJson } from "../http/read-body";

/**
 * The request body as parsed JSON, refusing bodies over `maxBytes` (413)
 * before they are read whole; empty or malformed JSON is a 400.
 */
export async function readJsonBody(request: NextRequest, maxBytes: number): Promise<unknown> {
  return readCappedJson(request, maxBytes);
}
