import { ConfigError } from "@bos/service-kit";
import { DEV_JWT_SECRET, loadConfig } from "./config";

describe("workflow-api config", () => {
  it("has documented defaults for every variable", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      databaseUrl: "postgres://bos_app@127.0.0.1:5432/bos",
      redisUrl: "redis://127.0.0.1:6379",
      jwt: { secret: DEV_JWT_SECRET, issuer: "bos", audience: "bos-api" },
      logLevel: "info",
    });
    expect(config.builderDistDir).toMatch(/apps[/\\]builder-web[/\\]dist$/);
  });

  it("reads overrides from the environment", () => {
    const config = loadConfig({ API_PORT: "9090", API_HOST: "0.0.0.0", JWT_AUDIENCE: "x" });
    expect(config).toMatchObject({ port: 9090, host: "0.0.0.0", jwt: { audience: "x" } });
  });

  it("lists every invalid variable at once, by name", () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: "eighty", DATABASE_URL: "mysql://x", JWT_SECRET: "short" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("API_PORT");
    expect(message).toContain("DATABASE_URL: must be a postgres or postgresql URL");
    expect(message).toContain("JWT_SECRET: must be at least 32 characters");
    expect((error as ConfigError).code).toBe("WF_CONFIG_INVALID");
  });

  it("refuses the development JWT secret in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/JWT_SECRET: is the development default/);
  });

  it("reads the credentials keys, and refuses the development key in production", () => {
    const [current, previous] = [Buffer.alloc(32, 7), Buffer.alloc(32, 9)];
    const config = loadConfig({ CREDENTIALS_ENCRYPTION_KEY: current.toString("base64"), CREDENTIALS_PREVIOUS_KEYS: previous.toString("hex") });
    expect(config.credentialKeys.current.equals(current)).toBe(true);
    expect(config.credentialKeys.previous.map((k) => k.toString("hex"))).toEqual([previous.toString("hex")]);
    expect(() => loadConfig({ NODE_ENV: "production", JWT_SECRET: "a-production-secret-of-at-least-32-chars" })).toThrow(/CREDENTIALS_ENCRYPTION_KEY: is the development default/);
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: "a-production-secret-of-at-least-32-chars", CREDENTIALS_ENCRYPTION_KEY: current.toString("hex") }).nodeEnv).toBe("production");
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ API_PORT: "" }).port).toBe(8080);
  });
});
