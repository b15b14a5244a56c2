import Link from "next/link";

export interface FilterValues {
  channel?: string;
  outcome?: string;
  direction?: string;
  q?: string;
  from?: string;
  to?: string;
}

const selectClass = "rounded-lg border border-stone-300 bg-white px-2 py-1.5 text-sm";

/** A plain GET form: filters live in the URL, so every view is linkable and works without JS. */
export function ConversationFilterForm({ values }: { values: FilterValues }) {
  return (
    <form method="get" action="/admin/conversations" className="mb-4 flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200" data-testid="conversation-filters">
      <label className="flex min-w-56 flex-1 flex-col gap-1 text-xs font-medium text-stone-600">
        Search transcripts
        <input name="q" type="search" defaultValue={values.q} placeholder='e.g. order 4271, "table for eight"' className="rounded-lg border border-stone-300 px-3 py-1.5 text-sm" data-testid="search-input" />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
        Channel
        <select name="channel" defaultValue={values.channel ?? ""} className={selectClass}>
          <option value="">All</option>
          <option value="web">Web voice</option>
          <option value="phone">Phone</option>
          <option value="chat">Chat</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
        Outcome
        <select name="outcome" defaultValue={values.outcome ?? ""} className={selectClass}>
          <option value="">All</option>
          <option value="completed">Completed</option>
          <option value="transferred">Transferred</option>
          <option value="abandoned">Abandoned</option>
          <option value="failed">Failed</option>
          <option value="ongoing">Ongoing</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
        Direction
        <select name="direction" defaultValue={values.direction ?? ""} className={selectClass}>
          <option value="">All</option>
          <option value="inbound">Inbound</option>
          <option value="outbound">Outbound</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
        From
        <input name="from" type="date" defaultValue={values.from} className={selectClass} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
        To
        <input name="to" type="date" defaultValue={values.to} className={selectClass} />
      </label>
      <div className="flex gap-2">
        <button type="submit" className="rounded-lg bg-stone-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-stone-700">
          Apply
        </button>
        <Link href="/admin/conversations" className="rounded-lg px-3 py-1.5 text-sm text-stone-600 ring-1 ring-stone-300 hover:bg-stone-100">
          Reset
        </Link>
      </div>
    </form>
  );
}
