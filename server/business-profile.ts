import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseBusinessProfile, type BusinessProfile } from "./core/dialogue/business-profile";

/** The admin-editable profile file; re-read when it changes on disk. */
export const businessProfilePath = join(process.cwd(), "config", "business-profile.json");

let cached: { mtimeMs: number; profile: BusinessProfile } | undefined;

export function loadBusinessProfile(): BusinessProfile {
  const { mtimeMs } = statSync(join(process.cwd(), "config", "business-profile.json"));
  if (cached && cached.mtimeMs === mtimeMs) return cached.profile;
  const profile = parseBusinessProfile(JSON.parse(readFileSync(join(process.cwd(), "config", "business-profile.json"), "utf8")));
  cached = { mtimeMs, profile };
  return profile;
}
