import { conversationFiltersSchema, filtersInput, pageCursors, toSearchOptions } from "@/server/admin/conversation-filters";
import { jsonOk } from "@/server/admin/http";
import { withAdmin } from "@/server/admin/with-admin";
import { searchConversations } from "@/server/storage/conversations/search-conversations";

export const dynamic = "force-dynamic";

/** GET /api/admin/conversations?channel=&outcome=&direction=&q=&from=&to=&page=&pageSize=&cursor= */
export const GET = withAdmin(async (request) => {
  // A ZodError becomes a 400 naming the bad parameter (withAdmin → errorResponse).
  const filters = conversationFiltersSchema.parse(filtersInput(request.nextUrl.searchParams));
  const result = await searchConversations(toSearchOptions(filters));
  return jsonOk({
    conversations: result.conversations,
    page: filters.cursor ? null : filters.page,
    pageSize: filters.pageSize,
    ...(result.total === null ? {} : { total: result.total, totalCapped: result.totalCapped }),
    ...pageCursors(filters, result),
  });
});
