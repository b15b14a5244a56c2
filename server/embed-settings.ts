import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { invalidOriginPatterns, normaliseOriginPattern } from "./http/embed-origins";

/**
 * The embed settings admins edit in the dashboard (config/embed-settings.json,
 * kept out of git: it is the deployment's, like .env). The allow-list here adds
 * to EMBED_ALLOWED_ORIGINS; a missing file is an empty list. Read on every
 * token request and every /embed page, so cached by mtime like the business profile.
 */
export const embedSettingsPath = join(process.cwd(), "config", "embed-settings.json");

export const embedSettingsSchema = z
  .object({
    allowedOrigins: z
      .array(z.string().trim().min(1).max(300))
      .max(100, "at most 100 websites")
      .superRefine((entries, ctx) => {
        for (const bad of invalidOriginPatterns(entries)) {
          ctx.addIssue({ code: "custom", path: [entries.indexOf(bad)], message: `"${bad}" is not an origin: use https://shop.example.com or https://*.example.com, without a path` });
        }
      })
      .transform((entries) => [...new Set(entries.map((e) => normaliseOriginPattern(e)!))]),
  })
  .strict();

export type EmbedSettings = z.infer<typeof embedSettingsSchema>;

let cached: { mtimeMs: number; settings: EmbedSettings } | undefined;

export function loadEmbedSettings(): EmbedSettings {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(embedSettingsPath).mtimeMs;
  } catch {
    return { allowedOrigins: [] };
  }
  if (cached?.mtimeMs === mtimeMs) return cached.settings;
  const settings = embedSettingsSchema.parse(JSON.parse(readFileSync(embedSettingsPath, "utf8")));
  cached = { mtimeMs, settings };
  return settings;
}
