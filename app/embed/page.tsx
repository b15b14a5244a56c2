import type { Metadata } from "next";
import { z } from "zod";
import { EmbedWidget } from "@/components/widget/embed-widget";
import { loadBusinessProfile } from "@/server/business-profile";
import { normaliseOrigin } from "@/server/http/embed-origins";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Assistant", robots: { index: false } };

/**
 * The widget inside another website (the iframe public/embed.js opens on the
 * first click of its launcher). Its query carries the snippet's data
 * attributes, each checked here: a colour that is not a colour or an origin
 * that is not an origin is dropped, never written into the page. Which sites
 * may frame this page is the CSP's frame-ancestors (proxy.ts, embed allow-list).
 */
const colour = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/);
const querySchema = z.object({
  origin: z.string().max(300).transform((v) => normaliseOrigin(v) ?? undefined).optional().catch(undefined),
  color: colour.optional().catch(undefined),
  greeting: z.string().trim().min(1).max(200).optional().catch(undefined),
  lang: z.string().regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})?$/).optional().catch(undefined),
  agent: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional().catch(undefined),
});

export default async function EmbedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const first = (key: string) => (Array.isArray(raw[key]) ? raw[key][0] : raw[key]);
  const query = querySchema.parse({ origin: first("origin"), color: first("color"), greeting: first("greeting"), lang: first("lang"), agent: first("agent") });
  return (
    <EmbedWidget
      title={loadBusinessProfile().name}
      embedOrigin={query.origin}
      accent={query.color}
      greeting={query.greeting}
      lang={query.lang ?? "en"}
      agent={query.agent}
    />
  );
}
