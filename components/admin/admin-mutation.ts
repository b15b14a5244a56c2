/** One problem with a submitted body, as the Admin API reports it (zod issue path + message). */
export interface MutationIssue {
  path: (string | number)[];
  message: string;
}

export type MutationResult<T> = { ok: true; data: T } | { ok: false; message: string; issues: MutationIssue[] };

interface ErrorBody {
  error?: { message?: string; issues?: MutationIssue[] };
}

/**
 * A state-changing Admin API call from the dashboard: like the logout button,
 * it echoes the session's CSRF token (the browser adds the Origin). Never
 * throws: a refusal or a network failure comes back as a message to show.
 */
export async function sendAdminMutation<T>(
  url: string,
  options: { method: "PUT" | "POST" | "DELETE"; csrfToken: string; body?: unknown },
): Promise<MutationResult<T>> {
  const headers: Record<string, string> = { "x-csrf-token": options.csrfToken };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    return { ok: false, message: "Could not reach the server.", issues: [] };
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { ok: true, data: body as T };
  const error = (body as ErrorBody | null)?.error;
  if (response.status === 401) return { ok: false, message: "Your session has ended; sign in again.", issues: [] };
  return { ok: false, message: error?.message ?? `Request failed (${response.status}).`, issues: error?.issues ?? [] };
}
