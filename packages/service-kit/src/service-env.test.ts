import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ConfigError } from "./errors";
import { DEV_CREDENTIALS_ENCRYPTION_KEY, checkSharedServiceVars, decodeEncryptionKey, sharedServiceVars } from "./service-env";
import { parseConfig } from "./zod-config";

const schema = z.object({ ...sharedServiceVars("postgres://bos_app@127.0.0.1:5432/bos") }).superRefine(checkSharedServiceVars);
const load = (env: NodeJS.ProcessEnv) => parseConfig("test-app", schema, env);

function problems(env: NodeJS.ProcessEnv): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("shared service variables: credentials keys", () => {
  it("decodes a 32-byte key from hex, base64 and base64url, and nothing else", () => {
    const key = randomBytes(32);
    expect(decodeEncryptionKey(key.toString("hex"))?.equals(key)).toBe(true);
    expect(decodeEncryptionKey(key.toString("base64"))?.equals(key)).toBe(true);
    expect(decodeEncryptionKey(key.toString("base64url"))?.equals(key)).toBe(true);
    expect(decodeEncryptionKey(randomBytes(16).toString("hex"))).toBeUndefined();
    expect(decodeEncryptionKey(randomBytes(31).toString("base64"))).toBeUndefined();
    expect(decodeEncryptionKey(`${key.toString("base64").slice(0, 40)}!!!=`)).toBeUndefined();
  });

  it("defaults to the development key and no previous keys", () => {
    const config = load({});
    expect(config.CREDENTIALS_ENCRYPTION_KEY.equals(Buffer.from(DEV_CREDENTIALS_ENCRYPTION_KEY, "base64"))).toBe(true);
    expect(config.CREDENTIALS_ENCRYPTION_KEY.length).toBe(32);
    expect(config.CREDENTIALS_PREVIOUS_KEYS).toEqual([]);
  });

  it("parses the current key and a comma-separated list of previous keys", () => {
    const [current, old1, old2] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const config = load({ CREDENTIALS_ENCRYPTION_KEY: current.toString("base64"), CREDENTIALS_PREVIOUS_KEYS: ` ${old1.toString("hex")}, ${old2.toString("base64")} ,` });
    expect(config.CREDENTIALS_ENCRYPTION_KEY.equals(current)).toBe(true);
    expect(config.CREDENTIALS_PREVIOUS_KEYS.map((k) => k.toString("hex"))).toEqual([old1.toString("hex"), old2.toString("hex")]);
  });

  it("names every malformed key without echoing it", () => {
    const secretish = "not-a-key-but-maybe-a-password";
    const message = problems({ CREDENTIALS_ENCRYPTION_KEY: secretish, CREDENTIALS_PREVIOUS_KEYS: `${randomBytes(32).toString("hex")},${secretish}` });
    expect(message).toContain("CREDENTIALS_ENCRYPTION_KEY: must be 32 bytes as base64");
    expect(message).toContain("CREDENTIALS_PREVIOUS_KEYS: entry 2 of 2 must be 32 bytes");
    expect(message).not.toContain(secretish);
  });

  it("refuses the development key when NODE_ENV=production, and accepts a real one", () => {
    expect(problems({ NODE_ENV: "production" })).toContain("CREDENTIALS_ENCRYPTION_KEY: is the development default");
    expect(problems({ NODE_ENV: "production", CREDENTIALS_ENCRYPTION_KEY: Buffer.from(DEV_CREDENTIALS_ENCRYPTION_KEY, "base64").toString("hex") })).toContain(
      "CREDENTIALS_ENCRYPTION_KEY: is the development default",
    );
    expect(load({ NODE_ENV: "production", CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString("base64") }).NODE_ENV).toBe("production");
    expect(load({ NODE_ENV: "development" }).NODE_ENV).toBe("development");
  });
});
