import Link from "next/link";
import { ConversationFilterForm } from "@/components/admin/conversation-filter-form";
import { ConversationsTable } from "@/components/admin/conversations-table";
import { PageHeader } from "@/components/ui/page-header";
import { conversationFiltersSchema, filtersInput, pageCursors, toSearchOptions } from "@/server/admin/conversation-filters";
import { describeZodError } from "@/server/admin/http";
import { requireAdminPage } from "@/server/admin/require-admin-page";
import { searchConversations } from "@/server/storage/conversations/search-conversations";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ConversationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const input = filtersInput(await searchParams);
  const parsed = conversationFiltersSchema.safeParse(input);
  const formValues = { channel: input.channel, outcome: input.outcome, direction: input.direction, q: input.q, from: input.from, to: input.to };
  if (!parsed.success) {
    return (
      <>
        <PageHeader title="Conversations" />
        <ConversationFilterForm values={formValues} />
        <p role="alert" className="rounded-xl bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200">
          Invalid filter — {describeZodError(parsed.error)}
        </p>
      </>
    );
  }
  const filters = parsed.data;
  const result = await searchConversations(toSearchOptions(filters));
  const { nextCursor, prevCursor } = pageCursors(filters, result);
  const keep = Object.fromEntries(Object.entries(input).filter(([key]) => key !== "cursor" && key !== "page"));
  const href = (cursor: string) => `/admin/conversations?${new URLSearchParams({ ...keep, cursor }).toString()}`;
  const count =
    result.total === null ? "many matches" : `${result.total.toLocaleString("en-US")}${result.totalCapped ? "+" : ""} conversation${result.total === 1 ? "" : "s"}`;

  return (
    <>
      <PageHeader title="Conversations" description={`Every web voice, phone and chat conversation, newest first · ${count}`} />
      <ConversationFilterForm values={formValues} />
      <ConversationsTable conversations={result.conversations} />
      <nav className="mt-4 flex items-center justify-between text-sm" aria-label="Pagination">
        {prevCursor ? (
          <Link href={href(prevCursor)} className="rounded-lg bg-white px-3 py-1.5 ring-1 ring-stone-300 hover:bg-stone-50" data-testid="page-newer">
            ← Newer
          </Link>
        ) : (
          <span />
        )}
        {nextCursor ? (
          <Link href={href(nextCursor)} className="rounded-lg bg-white px-3 py-1.5 ring-1 ring-stone-300 hover:bg-stone-50" data-testid="page-older">
            Older →
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </>
  );
}
