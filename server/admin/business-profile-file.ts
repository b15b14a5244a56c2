import { businessProfilePath, loadBusinessProfile } from "../business-profile";
import { AppError } from "../core/errors";
import type { BusinessProfile } from "../core/dialogue/business-profile";
import { writeFileAtomic } from "./atomic-write";
import { withKeyedLock } from "./keyed-lock";

/**
 * Saves an already validated profile to config/business-profile.json,
 * pretty-printed. The agent picks it up by itself: loadBusinessProfile
 * re-reads the file when its mtime changes and the brain rebuilds.
 */
export async function saveBusinessProfile(profile: BusinessProfile): Promise<BusinessProfile> {
  await withKeyedLock("business-profile", () => writeFileAtomic(businessProfilePath, `${JSON.stringify(profile, null, 2)}\n`));
  return profile;
}

/** The profile the agent runs on; a file broken by a hand edit is a 503 with the reason, not a 400. */
export function currentBusinessProfile(): BusinessProfile {
  try {
    return loadBusinessProfile();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("UNAVAILABLE", `config/business-profile.json cannot be loaded: ${reason}`, { cause: error });
  }
}
