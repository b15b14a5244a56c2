"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { sendAdminMutation } from "./admin-mutation";
import { inputClass, labelClass, primaryButtonClass } from "./field-styles";
import { SaveFeedback, type SaveStatus } from "./save-feedback";

const MAX_PURPOSE = 500;

/**
 * Places an outbound call (POST /api/admin/calls, with the session's CSRF
 * token like every dashboard mutation): the agent dials the number and, once
 * answered, opens with the purpose. Shows the new conversation, or why not.
 */
export function PlaceCallForm({ csrfToken }: { csrfToken: string }) {
  const [to, setTo] = useState("");
  const [purpose, setPurpose] = useState("");
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [placed, setPlaced] = useState<string | undefined>();

  async function place(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setPlaced(undefined);
    const result = await sendAdminMutation<{ conversationId: string }>("/api/admin/calls", { method: "POST", csrfToken, body: { to, purpose } });
    setPending(false);
    if (!result.ok) {
      setStatus({ kind: "error", message: result.message, issues: result.issues });
      return;
    }
    setPlaced(result.data.conversationId);
    setStatus({ kind: "saved", message: `Calling ${to.trim()}…` });
  }

  return (
    <form onSubmit={(event) => void place(event)} className="space-y-3" data-testid="place-call-form" noValidate>
      <div className="grid gap-3 sm:grid-cols-3">
        <label className={labelClass}>
          Number
          <span className="font-normal text-stone-400"> · +15550123 or sip:desk@pbx.example.com</span>
          <input
            name="to"
            value={to}
            onChange={(event) => setTo(event.target.value)}
            placeholder="+15550123"
            autoComplete="off"
            className={inputClass}
            data-testid="place-call-to"
          />
        </label>
        <label className={`${labelClass} sm:col-span-2`}>
          Purpose
          <span className="font-normal text-stone-400"> · the agent opens with “calling about …” ({purpose.length}/{MAX_PURPOSE})</span>
          <input
            name="purpose"
            value={purpose}
            maxLength={MAX_PURPOSE}
            onChange={(event) => setPurpose(event.target.value)}
            placeholder="your order 4271, which is ready for pickup"
            className={inputClass}
            data-testid="place-call-purpose"
          />
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButtonClass} data-testid="place-call-submit">
          {pending ? "Dialling…" : "Place call"}
        </button>
        <SaveFeedback status={status} testId="place-call-status" />
        {placed && (
          <Link href={`/admin/conversations/${placed}`} className="text-sm font-medium text-amber-700 underline" data-testid="place-call-link">
            Open the conversation
          </Link>
        )}
      </div>
    </form>
  );
}
