/**
 * Secrets a production deployment must not run with: the embedded stack's
 * defaults (known to anyone who read the README) and short ones. `npm start`
 * (DEPLOYMENT=local) keeps the defaults so the product works with no set-up.
 */
export const EMBEDDED_DEFAULTS = {
  ADMIN_PASSWORD: "change-me-now",
  LIVEKIT_API_KEY: "devkey",
  LIVEKIT_API_SECRET: "secret",
} as const;

export const MIN_ADMIN_PASSWORD_CHARS = 12;
/** LiveKit itself wants API secrets of at least 32 characters. */
export const MIN_LIVEKIT_SECRET_CHARS = 32;
export const MIN_SIP_PASSWORD_CHARS = 12;

export interface ProductionSecrets {
  readonly ADMIN_PASSWORD: string;
  readonly LIVEKIT_API_KEY: string;
  readonly LIVEKIT_API_SECRET: string;
  readonly SIP_AUTH_PASSWORD?: string;
  readonly SIP_OUTBOUND_AUTH_PASSWORD?: string;
}

/** Each weak secret with what to do about it; empty when production may start. */
export function weakProductionSecrets(config: ProductionSecrets): { variable: string; message: string }[] {
  const weak: { variable: string; message: string }[] = [];
  const refuse = (variable: string, why: string, fix: string) =>
    weak.push({ variable, message: `${why}; a production deployment (DEPLOYMENT=production) refuses it. ${fix}` });
  if (config.ADMIN_PASSWORD === EMBEDDED_DEFAULTS.ADMIN_PASSWORD) {
    refuse("ADMIN_PASSWORD", "is the embedded default", `Set a password of at least ${MIN_ADMIN_PASSWORD_CHARS} characters.`);
  } else if (config.ADMIN_PASSWORD.length < MIN_ADMIN_PASSWORD_CHARS) {
    refuse("ADMIN_PASSWORD", `is shorter than ${MIN_ADMIN_PASSWORD_CHARS} characters`, "Set a longer password.");
  }
  if (config.LIVEKIT_API_KEY === EMBEDDED_DEFAULTS.LIVEKIT_API_KEY) {
    refuse("LIVEKIT_API_KEY", "is the LiveKit dev key", "Use the key configured on your LiveKit server.");
  }
  if (config.LIVEKIT_API_SECRET === EMBEDDED_DEFAULTS.LIVEKIT_API_SECRET) {
    refuse("LIVEKIT_API_SECRET", "is the LiveKit dev secret", `Generate one of at least ${MIN_LIVEKIT_SECRET_CHARS} characters (openssl rand -base64 32).`);
  } else if (config.LIVEKIT_API_SECRET.length < MIN_LIVEKIT_SECRET_CHARS) {
    refuse("LIVEKIT_API_SECRET", `is shorter than ${MIN_LIVEKIT_SECRET_CHARS} characters`, "Generate a longer one (openssl rand -base64 32).");
  }
  for (const variable of ["SIP_AUTH_PASSWORD", "SIP_OUTBOUND_AUTH_PASSWORD"] as const) {
    const value = config[variable];
    if (value !== undefined && value.length < MIN_SIP_PASSWORD_CHARS) {
      refuse(variable, `is shorter than ${MIN_SIP_PASSWORD_CHARS} characters`, "Set a longer digest password.");
    }
  }
  return weak;
}
