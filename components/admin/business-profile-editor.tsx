"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { BusinessProfile } from "@/server/core/dialogue/business-profile";
import { sendAdminMutation } from "./admin-mutation";
import { codeAreaClass, inputClass, labelClass, primaryButtonClass } from "./field-styles";
import { SaveFeedback, type SaveStatus } from "./save-feedback";

interface Draft {
  name: string;
  greeting: string;
  phone: string;
  hoursSpoken: string;
  hoursWritten: string;
  addressSpoken: string;
  addressWritten: string;
  outboundGreeting: string;
  intents: string;
  keypadMenu: string;
}

function draftOf(profile: BusinessProfile): Draft {
  return {
    name: profile.name,
    greeting: profile.greeting,
    phone: profile.phone ?? "",
    hoursSpoken: profile.hours.spoken,
    hoursWritten: profile.hours.written,
    addressSpoken: profile.address.spoken,
    addressWritten: profile.address.written,
    outboundGreeting: profile.outboundGreeting ?? "",
    intents: JSON.stringify(profile.intents, null, 2),
    keypadMenu: profile.keypadMenu ? JSON.stringify(profile.keypadMenu, null, 2) : "",
  };
}

type TextField = Exclude<keyof Draft, "intents" | "keypadMenu">;

const fields: { key: TextField; label: string; hint?: string; wide?: boolean }[] = [
  { key: "name", label: "Business name" },
  { key: "phone", label: "Phone", hint: "optional" },
  { key: "greeting", label: "Greeting", hint: "the agent's first words", wide: true },
  { key: "outboundGreeting", label: "Outbound opening", hint: "optional · calls the agent places; {name} and {purpose} are filled in", wide: true },
  { key: "hoursWritten", label: "Hours (written)", hint: "chat" },
  { key: "hoursSpoken", label: "Hours (spoken)", hint: "voice and phone" },
  { key: "addressWritten", label: "Address (written)", hint: "chat" },
  { key: "addressSpoken", label: "Address (spoken)", hint: "voice and phone" },
];

/**
 * The business profile as a form: the short texts as fields, the intents
 * (examples the classifier trains on, templated responses) as JSON. The server
 * validates the whole profile; its field errors are listed under the form.
 */
export function BusinessProfileEditor({ profile, csrfToken }: { profile: BusinessProfile; csrfToken: string }) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile));
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [pending, setPending] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let intents: unknown;
    let keypadMenu: unknown;
    try {
      intents = JSON.parse(draft.intents);
    } catch (error) {
      setStatus({ kind: "error", message: `Intents are not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    try {
      keypadMenu = draft.keypadMenu.trim() ? JSON.parse(draft.keypadMenu) : undefined;
    } catch (error) {
      setStatus({ kind: "error", message: `The keypad menu is not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const body = {
      name: draft.name,
      greeting: draft.greeting,
      hours: { spoken: draft.hoursSpoken, written: draft.hoursWritten },
      address: { spoken: draft.addressSpoken, written: draft.addressWritten },
      ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
      ...(draft.outboundGreeting.trim() ? { outboundGreeting: draft.outboundGreeting.trim() } : {}),
      intents,
      ...(keypadMenu !== undefined ? { keypadMenu } : {}),
    };
    setPending(true);
    const result = await sendAdminMutation<BusinessProfile>("/api/admin/settings/business-profile", { method: "PUT", csrfToken, body });
    setPending(false);
    if (!result.ok) {
      setStatus({ kind: "error", message: result.message, issues: result.issues });
      return;
    }
    setDraft(draftOf(result.data));
    setStatus({ kind: "saved", message: "Saved. The agent uses the new profile from its next turn." });
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void save(event)} className="space-y-4" data-testid="profile-editor" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((field) => (
          <label key={field.key} className={`${labelClass} ${field.wide ? "sm:col-span-2" : ""}`}>
            {field.label}
            {field.hint && <span className="font-normal text-stone-400"> · {field.hint}</span>}
            <input
              name={field.key}
              value={draft[field.key]}
              onChange={(event) => setDraft({ ...draft, [field.key]: event.target.value })}
              className={inputClass}
            />
          </label>
        ))}
      </div>
      <label className={labelClass}>
        Intents (JSON)
        <span className="font-normal text-stone-400"> · name, at least two example phrases, a response (may use {"{hours}"}, {"{address}"}, {"{name}"}), optional tool</span>
        <textarea
          name="intents"
          value={draft.intents}
          onChange={(event) => setDraft({ ...draft, intents: event.target.value })}
          rows={14}
          spellCheck={false}
          className={codeAreaClass}
        />
      </label>
      <label className={labelClass}>
        Phone keypad menu (JSON)
        <span className="font-normal text-stone-400">
          {" "}
          · optional · offered after the greeting on calls: {"{ \"intro\", \"options\": [{ \"key\": \"1\", \"label\", \"intent\" or \"response\" }] }"}; an intent&apos;s
          {" \"capture\""} asks for digits by keypad (mark card numbers and PINs {"\"sensitive\": true"}: they are never stored)
        </span>
        <textarea
          name="keypadMenu"
          value={draft.keypadMenu}
          onChange={(event) => setDraft({ ...draft, keypadMenu: event.target.value })}
          rows={8}
          spellCheck={false}
          className={codeAreaClass}
        />
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButtonClass} data-testid="profile-save">
          {pending ? "Saving…" : "Save profile"}
        </button>
        <SaveFeedback status={status} testId="profile-status" />
      </div>
    </form>
  );
}
