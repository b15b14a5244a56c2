"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { sendAdminMutation } from "./admin-mutation";
import { codeAreaClass, labelClass, primaryButtonClass } from "./field-styles";
import { SaveFeedback, type SaveStatus } from "./save-feedback";

interface EmbedSettingsView {
  allowedOrigins: string[];
  envAllowedOrigins: string[];
}

/**
 * The website widget: the snippet a business pastes into its own site, and the
 * websites allowed to use it (one origin per line; EMBED_ALLOWED_ORIGINS adds
 * the deployment's own, shown but not editable here).
 */
export function EmbedSettingsEditor({ snippet, settings, csrfToken }: { snippet: string; settings: EmbedSettingsView; csrfToken: string }) {
  const router = useRouter();
  const [draft, setDraft] = useState(settings.allowedOrigins.join("\n"));
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [pending, setPending] = useState(false);
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard permission: the snippet stays selectable by hand.
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const allowedOrigins = draft.split(/[\n,]+/).map((line) => line.trim()).filter(Boolean);
    setPending(true);
    const result = await sendAdminMutation<EmbedSettingsView>("/api/admin/settings/embed", { method: "PUT", csrfToken, body: { allowedOrigins } });
    setPending(false);
    if (!result.ok) {
      setStatus({ kind: "error", message: result.message, issues: result.issues });
      return;
    }
    setDraft(result.data.allowedOrigins.join("\n"));
    setStatus({ kind: "saved", message: "Saved. These websites can use the widget from now on." });
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <div>
        <div className="flex items-center justify-between">
          <p className={labelClass}>Paste this before &lt;/body&gt; on your website</p>
          <button type="button" onClick={() => void copy()} className="text-xs font-medium text-amber-700 hover:underline" data-testid="embed-snippet-copy">
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
        <pre data-testid="embed-snippet" className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-stone-900 p-3 font-mono text-xs text-stone-100">
          {snippet}
        </pre>
        <p className="mt-1 text-xs text-stone-500">
          data-color (#rrggbb), data-position (bottom-right or bottom-left), data-greeting and data-lang (en, es) are optional.
        </p>
      </div>
      <form onSubmit={(event) => void save(event)} className="space-y-3" data-testid="embed-settings" noValidate>
        <label className={labelClass}>
          Websites allowed to use the widget
          <span className="font-normal text-stone-400"> · one origin per line, e.g. https://shop.example.com or https://*.example.com</span>
          <textarea
            name="allowedOrigins"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            rows={4}
            spellCheck={false}
            className={codeAreaClass}
          />
        </label>
        {settings.envAllowedOrigins.length > 0 && (
          <p className="text-xs text-stone-500">
            Also allowed by EMBED_ALLOWED_ORIGINS: <span className="font-mono">{settings.envAllowedOrigins.join(", ")}</span>
          </p>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className={primaryButtonClass} data-testid="embed-settings-save">
            {pending ? "Saving…" : "Save websites"}
          </button>
          <SaveFeedback status={status} testId="embed-settings-status" />
        </div>
      </form>
    </div>
  );
}
