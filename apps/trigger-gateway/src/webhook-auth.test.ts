import { createHmac } from "node:crypto";
import type { WebhookConfig } from "@bos/triggers/routing";
import type { Redis } from "ioredis";
import { authenticate, safeEqual, WebhookAuthError, WebhookAuthUnavailableError } from "./webhook-auth";

const base: WebhookConfig = { node: "Webhook", typeVersion: 2, methods: ["POST"], multipleMethods: false, path: "p", authentication: "none", credentials: {}, responseMode: "onReceived", responseData: "firstEntryJson", responseBinaryPropertyName: "data", options: {} };
const store: Record<string, Record<string, unknown>> = { basic: { user: "ann", password: "pw" }, header: { name: "x-key", value: "k1" }, jwt: { algorithm: "HS256", secret: "jwt-secret" } };
const credentials = { get: async (r: { id?: string | null }) => (r.id ? store[r.id] : undefined) };
const noRedis = {} as Redis;

function jwt(payload: object, secret: string, alg = "HS256"): string {
  const h = Buffer.from(JSON.stringify({ alg, typ: "JWT" })).toString("base64url");
  const p = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const s = createHmac("sha256", secret).update(`${h}.${p}`).digest("base64url");
  return `${h}.${p}.${s}`;
}

const call = (config: Partial<WebhookConfig>, headers: Record<string, string>) =>
  authenticate({ tenantId: "t", workflowId: "w", config: { ...base, ...config }, headers, rawBody: Buffer.from(""), redis: noRedis, prefix: "{x}", credentials });

describe("webhook authentication", () => {
  it("compares secrets in constant time and by value", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });

  it("basic auth: 401 with a challenge without credentials, 403 when wrong, passes when right", async () => {
    const config = { authentication: "basicAuth" as const, credentials: { httpBasicAuth: { id: "basic", name: "b" } } };
    await expect(call(config, {})).rejects.toMatchObject({ httpStatus: 401, challenge: 'Basic realm="Webhook"' });
    await expect(call(config, { authorization: `Basic ${Buffer.from("ann:nope").toString("base64")}` })).rejects.toMatchObject({ httpStatus: 403 });
    await expect(call(config, { authorization: `Basic ${Buffer.from("ann:pw").toString("base64")}` })).resolves.toEqual({});
  });

  it("header auth checks the named header", async () => {
    const config = { authentication: "headerAuth" as const, credentials: { httpHeaderAuth: { id: "header", name: "h" } } };
    await expect(call(config, { "x-key": "k2" })).rejects.toBeInstanceOf(WebhookAuthError);
    await expect(call(config, { "x-key": "k1" })).resolves.toEqual({});
  });

  it("JWT auth verifies the signature, pins the algorithm, checks exp and returns the claims", async () => {
    const config = { authentication: "jwtAuth" as const, credentials: { jwtAuth: { id: "jwt", name: "j" } } };
    const now = Math.floor(Date.now() / 1000);
    await expect(call(config, { authorization: `Bearer ${jwt({ sub: "u1", exp: now + 60 }, "jwt-secret")}` })).resolves.toEqual({ jwtPayload: { sub: "u1", exp: now + 60 } });
    await expect(call(config, { authorization: `Bearer ${jwt({ sub: "u1" }, "other")}` })).rejects.toThrow(/bad signature/);
    await expect(call(config, { authorization: `Bearer ${jwt({ sub: "u1", exp: now - 1 }, "jwt-secret")}` })).rejects.toThrow(/expired/);
    await expect(call(config, { authorization: `Bearer ${jwt({ sub: "u1" }, "jwt-secret", "HS512")}` })).rejects.toThrow(/algorithm must be HS256/);
  });

  it("refuses a webhook whose credentials cannot be read", async () => {
    await expect(call({ authentication: "basicAuth", credentials: {} }, {})).rejects.toBeInstanceOf(WebhookAuthUnavailableError);
  });
});
