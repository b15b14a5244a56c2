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
});
