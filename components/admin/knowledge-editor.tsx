"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { sendAdminMutation } from "./admin-mutation";
import { codeAreaClass, dangerButtonClass, inputClass, labelClass, primaryButtonClass } from "./field-styles";
import { formatDateTime } from "./format";
import { SaveFeedback, type SaveStatus } from "./save-feedback";

export interface KnowledgeDocumentView {
  slug: string;
  title: string;
  content: string;
  /** Null when the file is not in the search index (yet). */
  chunks: number | null;
  updatedAt: string | null;
}

interface SavedDocument {
  slug: string;
  title: string;
  created: boolean;
  reindexed: boolean;
  chunksWritten: number;
}

const SLUG_PATTERN = /^[a-z0-9-]{2,60}$/;

function savedMessage(saved: SavedDocument): string {
  if (!saved.reindexed) return "Saved (text unchanged, index already current).";
  return `Saved and re-indexed: ${saved.chunksWritten} chunk${saved.chunksWritten === 1 ? "" : "s"}.`;
}

/** The knowledge-base documents, one collapsible editor each, and a form for a new one. */
export function KnowledgeEditor({ documents, csrfToken }: { documents: KnowledgeDocumentView[]; csrfToken: string }) {
  return (
    <div className="space-y-4">
      {documents.length === 0 ? (
        <p className="text-sm text-stone-500">No documents yet.</p>
      ) : (
        <ul className="divide-y divide-stone-100 rounded-lg ring-1 ring-stone-200" data-testid="knowledge-documents">
          {documents.map((doc) => (
            <li key={doc.slug}>
              <KnowledgeDocumentEditor doc={doc} csrfToken={csrfToken} />
            </li>
          ))}
        </ul>
      )}
      <NewKnowledgeDocumentForm existing={documents.map((doc) => doc.slug)} csrfToken={csrfToken} />
    </div>
  );
}

function KnowledgeDocumentEditor({ doc, csrfToken }: { doc: KnowledgeDocumentView; csrfToken: string }) {
  const router = useRouter();
  const [content, setContent] = useState(doc.content);
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [pending, setPending] = useState(false);
  const url = `/api/admin/knowledge/${encodeURIComponent(doc.slug)}`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const result = await sendAdminMutation<SavedDocument>(url, { method: "PUT", csrfToken, body: { content } });
    setPending(false);
    if (!result.ok) {
      setStatus({ kind: "error", message: result.message, issues: result.issues });
      return;
    }
    setStatus({ kind: "saved", message: savedMessage(result.data) });
    router.refresh();
  }

  async function remove() {
    if (!window.confirm(`Delete "${doc.title}" (knowledge/${doc.slug}.md)? The agent stops answering from it at once.`)) return;
    setPending(true);
    const result = await sendAdminMutation<{ deleted: boolean }>(url, { method: "DELETE", csrfToken });
    setPending(false);
    if (!result.ok) {
      setStatus({ kind: "error", message: result.message, issues: result.issues });
      return;
    }
    router.refresh();
  }

  return (
    <details className="group" data-testid="knowledge-doc" data-slug={doc.slug}>
      <summary className="flex cursor-pointer list-none items-center gap-3 px-3 py-2 text-sm hover:bg-stone-50">
        <span className="text-stone-400 transition-transform group-open:rotate-90" aria-hidden>
          ▸
        </span>
        <span className="font-medium text-stone-900">{doc.title}</span>
        <span className="font-mono text-xs text-stone-400">{doc.slug}</span>
        <span className="ml-auto flex items-center gap-2">
          {content !== doc.content && <Badge tone="amber">unsaved</Badge>}
          {doc.chunks === null ? <Badge tone="red">not indexed</Badge> : <Badge>{doc.chunks} chunks</Badge>}
          <span className="hidden tabular-nums text-xs text-stone-500 sm:inline">{doc.updatedAt ? formatDateTime(doc.updatedAt) : "—"}</span>
        </span>
      </summary>
      <form onSubmit={(event) => void save(event)} className="space-y-3 border-t border-stone-100 bg-stone-50/60 p-3">
        <label className={labelClass}>
          Markdown <span className="font-normal text-stone-400">· starts with a “# Title” line; “## ” headings split it into searchable sections</span>
          <textarea
            aria-label={`Content of ${doc.slug}`}
            value={content}
            onChange={(event) => setContent(event.target.value)}
            rows={18}
            spellCheck={false}
            className={codeAreaClass}
            data-testid="knowledge-content"
          />
        </label>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className={primaryButtonClass} data-testid="knowledge-save">
            {pending ? "Saving…" : "Save and re-index"}
          </button>
          <button type="button" onClick={() => void remove()} disabled={pending} className={dangerButtonClass} data-testid="knowledge-delete">
            Delete
          </button>
          <SaveFeedback status={status} testId="knowledge-status" />
        </div>
      </form>
    </details>
  );
}

function NewKnowledgeDocumentForm({ existing, csrfToken }: { existing: string[]; csrfToken: string }) {
  const router = useRouter();
  const [slug, setSlug] = useState("");
  const [content, setContent] = useState("# New document\n\n");
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [pending, setPending] = useState(false);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!SLUG_PATTERN.test(slug)) {
      setStatus({ kind: "error", message: "The file name must be 2–60 characters of a–z, 0–9 and -." });
      return;
    }
    if (existing.includes(slug)) {
      setStatus({ kind: "error", message: `knowledge/${slug}.md already exists: edit it above.` });
      return;
    }
    setPending(true);
    const result = await sendAdminMutation<SavedDocument>(`/api/admin/knowledge/${slug}`, { method: "PUT", csrfToken, body: { content } });
    setPending(false);
    if (!result.ok) {
      setStatus({ kind: "error", message: result.message, issues: result.issues });
      return;
    }
    setStatus({ kind: "saved", message: `Created knowledge/${slug}.md. ${savedMessage(result.data)}` });
    setSlug("");
    setContent("# New document\n\n");
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void create(event)} className="space-y-3 rounded-lg border border-dashed border-stone-300 p-3" data-testid="knowledge-new" noValidate>
      <p className="text-sm font-medium text-stone-700">New document</p>
      <label className={labelClass}>
        File name <span className="font-normal text-stone-400">· knowledge/&lt;name&gt;.md, e.g. gift-cards</span>
        <input value={slug} onChange={(event) => setSlug(event.target.value.trim().toLowerCase())} placeholder="gift-cards" className={`${inputClass} font-mono`} data-testid="knowledge-new-slug" />
      </label>
      <label className={labelClass}>
        Markdown
        <textarea value={content} onChange={(event) => setContent(event.target.value)} rows={8} spellCheck={false} className={codeAreaClass} data-testid="knowledge-new-content" />
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButtonClass} data-testid="knowledge-create">
          {pending ? "Creating…" : "Create and index"}
        </button>
        <SaveFeedback status={status} testId="knowledge-new-status" />
      </div>
    </form>
  );
}
