import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("env", () => {
  it("has working defaults for the embedded stack", () => {
    const env = parseEnv({});
    expect(env.LIVEKIT_URL).toBe("ws://127.0.0.1:7880");
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/.*:5433\//);
    expect(env.STT_PROVIDER).toBe("local");
    expect(env.WEB_PORT).toBe(3000);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ STT_PROVIDER: "whisper" })).toThrow(EnvError);
    expect(() => parseEnv({ STT_PROVIDER: "whisper" })).toThrow(/STT_PROVIDER/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ WEB_PORT: "seventy" })).toThrow(/WEB_PORT/);
    expect(() => parseEnv({ LIVEKIT_URL: "http://x" })).toThrow(/LIVEKIT_URL/);
  });

  it("reports every wrong variable at once", () => {
    try {
      parseEnv({ TTS_PROVIDER: "nope", ADMIN_EMAIL: "not-an-email" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).issues.map((i) => i.variable).sort()).toEqual(["ADMIN_EMAIL", "TTS_PROVIDER"]);
    }
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ OPENAI_API_KEY: "", LIVEKIT_PUBLIC_URL: "" }).OPENAI_API_KEY).toBeUndefined();
  });

  it("keeps the embedded defaults for local use, also for `npm start`'s NODE_ENV=production web app", () => {
    expect(parseEnv({}).DEPLOYMENT).toBe("local");
    const local = parseEnv({ NODE_ENV: "production", DEPLOYMENT: "local" });
    expect(local.ADMIN_PASSWORD).toBe("change-me-now");
    expect(local.LIVEKIT_API_SECRET).toBe("secret");
    // `next build` runs with NODE_ENV=production but needs no runtime secrets.
    expect(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).DEPLOYMENT).toBe("local");
  });

  it("refuses default or short secrets in a production deployment, naming each with what to do", () => {
    for (const production of [{ NODE_ENV: "production" }, { DEPLOYMENT: "production" }]) {
      try {
        parseEnv(production);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        const issues = (error as EnvError).issues;
        expect(issues.map((i) => i.variable).sort()).toEqual(["ADMIN_PASSWORD", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"]);
        expect((error as EnvError).message).toMatch(/ADMIN_PASSWORD: is the embedded default; a production deployment \(DEPLOYMENT=production\) refuses it/);
      }
    }
    const short = { DEPLOYMENT: "production", ADMIN_PASSWORD: "hunter22", LIVEKIT_API_KEY: "prodkey", LIVEKIT_API_SECRET: "x".repeat(31), SIP_AUTH_USERNAME: "carrier", SIP_AUTH_PASSWORD: "pw" };
    expect(() => parseEnv(short)).toThrow(/ADMIN_PASSWORD: is shorter than 12 characters/);
    expect(() => parseEnv(short)).toThrow(/LIVEKIT_API_SECRET: is shorter than 32 characters/);
    expect(() => parseEnv(short)).toThrow(/SIP_AUTH_PASSWORD: is shorter than 12/);
  });

  it("starts a production deployment with its own strong secrets", () => {
    const env = parseEnv({ NODE_ENV: "production", ADMIN_PASSWORD: "correct horse battery staple", LIVEKIT_API_KEY: "APIprod", LIVEKIT_API_SECRET: "s".repeat(40) });
    expect(env.DEPLOYMENT).toBe("production");
  });

  it("parses the abuse limits and trusted proxies", () => {
    const env = parseEnv({ TRUSTED_PROXY: "10.0.0.0/8, 127.0.0.1", MAX_CALL_DURATION_MS: "600000" });
    expect(env.TRUSTED_PROXY).toEqual(["10.0.0.0/8", "127.0.0.1"]);
    expect(env.MAX_CALL_DURATION_MS).toBe(600000);
    expect(() => parseEnv({ MAX_CALL_DURATION_MS: "10" })).toThrow(/MAX_CALL_DURATION_MS/);
    expect(() => parseEnv({ TRUSTED_PROXY: "proxy.internal" })).toThrow(/TRUSTED_PROXY: must be comma-separated IP addresses or CIDRs/);
  });
});
