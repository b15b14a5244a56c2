import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseBusinessProfile, type BusinessProfile } from "./core/dialogue/business-profile";

/** The admin-editable profile file; re-read when it changes on disk. */
export const businessProfilePath = join(process.cwd(), "config", "business-profile.json");

let cached: { mtimeMs: number; profile: BusinessProfile } | undefined;

export function loadBusinessProfile(path = businessProfilePath): BusinessProfile {
  const { mtimeMs } = statSync(path);
  if (cached && cached.mtimeMs === mtimeMs && path === businessProfilePath) return cached.profile;
  const profile = parseBusinessProfile(JSON.parse(readFileSync(path, "utf8")));
  if (path === businessProfilePath) cached = { mtimeMs, profile };
  return profile;
}
