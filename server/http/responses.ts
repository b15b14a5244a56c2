import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AppError } from "../core/errors";
import { createLogger } from "../core/log";

const log = createLogger({ component: "http" });

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * The one error shape at the HTTP edge: `{ error: { code, message, issues? } }`,
 * with AppError codes mapped to statuses here and nowhere else.
 */
export function jsonOk(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): NextResponse {
  return NextResponse.json(body, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

export interface FieldIssue {
  /** Where in the body, e.g. ["intents", 2, "examples"]; empty for the body itself. */
  path: (string | number)[];
  message: string;
}

export function jsonError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  issues?: FieldIssue[],
): NextResponse {
  return NextResponse.json({ error: { code, message, ...(issues ? { issues } : {}) } }, { status, headers: { ...NO_STORE, ...headers } });
}

/** The edge where errors become HTTP: AppError by its code, zod issues as 400 with the reason. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ZodError) return jsonError(400, "BAD_REQUEST", describeZodError(error), {}, fieldIssues(error));
  // JSON.parse of a request body inside a handler.
  if (error instanceof SyntaxError) return jsonError(400, "BAD_REQUEST", "malformed JSON body");
  const appError = AppError.from(error);
  if (appError.code === "INTERNAL") {
    log.error("api error", { error: appError.message });
    return jsonError(500, "INTERNAL", "internal error");
  }
  return jsonError(appError.httpStatus, appError.code, appError.message);
}

/** 429 with how long to wait, in the one error shape. */
export function rateLimited(message: string, retryAfterMs: number): NextResponse {
  return jsonError(429, "RATE_LIMITED", message, { "Retry-After": String(Math.max(1, Math.ceil(retryAfterMs / 1000))) });
}

export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** Zod issues as plain JSON, so a form can show each next to its field. */
export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
    message: issue.message,
  }));
}
