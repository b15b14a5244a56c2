import { NextResponse } from "next/server";
import { checkHealth } from "@/server/health";

export const dynamic = "force-dynamic";

/** 200 whenever the web app serves; the body names each component's state. */
export async function GET() {
  return NextResponse.json(await checkHealth(), { headers: { "Cache-Control": "no-store" } });
}
