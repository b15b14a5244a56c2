import { AppError } from "../core/errors";
import { embedSettingsPath, loadEmbedSettings, type EmbedSettings } from "../embed-settings";
import { writeFileAtomic } from "./atomic-write";
import { withKeyedLock } from "./keyed-lock";

/** Saves already validated embed settings; the next token request and /embed page use them. */
export async function saveEmbedSettings(settings: EmbedSettings): Promise<EmbedSettings> {
  await withKeyedLock("embed-settings", () => writeFileAtomic(embedSettingsPath, `${JSON.stringify(settings, null, 2)}\n`));
  return settings;
}

/** The settings in force; a file broken by a hand edit is a 503 with the reason. */
export function currentEmbedSettings(): EmbedSettings {
  try {
    return loadEmbedSettings();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("UNAVAILABLE", `config/embed-settings.json cannot be loaded: ${reason}`, { cause: error });
  }
}
