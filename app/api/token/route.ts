import { NextResponse } from "next/server";
import { mintVisitorToken } from "@/server/channels/web-token";

export const dynamic = "force-dynamic";

export async function POST() {
  const { url, token, roomName } = await mintVisitorToken();
  return NextResponse.json({ url, token, roomName }, { headers: { "Cache-Control": "no-store" } });
}
