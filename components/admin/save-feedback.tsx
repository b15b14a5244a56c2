import type { MutationIssue } from "./admin-mutation";

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saved"; message: string }
  | { kind: "error"; message: string; issues?: MutationIssue[] };

function issuePath(path: (string | number)[]): string {
  return path.length === 0 ? "(body)" : path.map((key) => (typeof key === "number" ? `[${key}]` : key)).join(".").replaceAll(".[", "[");
}

/** The outcome of a save next to its button: a short confirmation, or the error with each invalid field. */
export function SaveFeedback({ status, testId }: { status: SaveStatus; testId: string }) {
  if (status.kind === "idle") return null;
  if (status.kind === "saved") {
    return (
      <p role="status" data-testid={testId} data-state="saved" className="text-sm text-emerald-700">
        {status.message}
      </p>
    );
  }
  return (
    <div role="alert" data-testid={testId} data-state="error" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
      {status.issues && status.issues.length > 0 ? (
        <>
          <p className="font-medium">Not saved: fix these fields.</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {status.issues.map((issue, i) => (
              <li key={i}>
                <span className="font-mono text-xs">{issuePath(issue.path)}</span>: {issue.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{status.message}</p>
      )}
    </div>
  );
}
