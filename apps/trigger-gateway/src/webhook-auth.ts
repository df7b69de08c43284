import { createHmac, createPublicKey, timingSafeEqual, verify as verifySignature } from "node:crypto";
import { ServiceError } from "@bos/service-kit";
import type { WebhookConfig } from "@bos/triggers/routing";
import type { Redis } from "ioredis";

/** Resolves a webhook's credentials (the same provider shape the engine uses; the store decrypts). */
export interface WebhookCredentials {
  get(request: { tenantId: string; type: string; id?: string | null; name: string; workflowId: string; node: string }): Promise<Record<string, unknown> | undefined>;
}

export class WebhookAuthError extends ServiceError {
  constructor(status: 401 | 403, message: string, readonly challenge?: string) {
    super("WF_WEBHOOK_UNAUTHORIZED", message, status, {});
  }
}

export class WebhookAuthUnavailableError extends ServiceError {
  constructor(kind: string) {
    super("WF_WEBHOOK_AUTH_UNAVAILABLE", `the webhook uses ${kind} but its credentials cannot be read; set them on the Webhook node (the request was refused)`, 500, { authentication: kind });
  }
}

/** Constant-time string comparison (length differences leak only the length). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export interface AuthInput {
  tenantId: string;
  workflowId: string;
  config: WebhookConfig;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  redis: Redis;
  prefix: string;
  credentials?: WebhookCredentials;
  now?: number;
}

/** What a successful check adds to the trigger item (JWT claims), and the delivery to release if the run is refused. */
export interface AuthOutcome {
  jwtPayload?: Record<string, unknown>;
  deliveryKey?: string;
}

const header = (headers: AuthInput["headers"], name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Checks a webhook call against the node's authentication: none, basic, header, JWT (HS*, RS*, ES* with
 * exp/nbf), or HMAC (`hmacAuth`, a BusinessOS extension: signature over `timestamp.rawBody` with a time
 * window and a delivery id accepted once). Every secret comparison is constant-time.
 */
export async function authenticate(input: AuthInput): Promise<AuthOutcome> {
  const kind = input.config.authentication;
  if (kind === "none") return {};
  const credentialType = { basicAuth: "httpBasicAuth", headerAuth: "httpHeaderAuth", jwtAuth: "jwtAuth", hmacAuth: "webhookHmac" }[kind];
  const ref = input.config.credentials[credentialType];
  const data = ref && input.credentials ? await input.credentials.get({ tenantId: input.tenantId, type: credentialType, id: ref.id, name: ref.name, workflowId: input.workflowId, node: input.config.node }) : undefined;
  if (!data) throw new WebhookAuthUnavailableError(kind);
  switch (kind) {
    case "basicAuth":
      return checkBasic(input, data);
    case "headerAuth": {
      const name = String(data.name ?? "");
      const given = header(input.headers, name) ?? "";
      if (name === "" || !safeEqual(given, String(data.value ?? ""))) throw new WebhookAuthError(403, "Authorization data is wrong!");
      return {};
    }
    case "jwtAuth":
      return { jwtPayload: checkJwt(input, data) };
    case "hmacAuth":
      return checkHmac(input, data);
  }
}

function checkBasic(input: AuthInput, data: Record<string, unknown>): AuthOutcome {
  const value = header(input.headers, "authorization") ?? "";
  const challenge = 'Basic realm="Webhook"';
  if (!value.toLowerCase().startsWith("basic ")) throw new WebhookAuthError(401, "Authorization is required!", challenge);
  const decoded = Buffer.from(value.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  const password = colon === -1 ? "" : decoded.slice(colon + 1);
  const userOk = safeEqual(user, String(data.user ?? ""));
  const passwordOk = safeEqual(password, String(data.password ?? ""));
  if (!(userOk && passwordOk)) throw new WebhookAuthError(403, "Authorization data is wrong!", challenge);
  return {};
}

const HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

function checkJwt(input: AuthInput, data: Record<string, unknown>): Record<string, unknown> {
  const value = header(input.headers, "authorization") ?? "";
  if (!value.toLowerCase().startsWith("bearer ")) throw new WebhookAuthError(401, "No token provided");
  const token = value.slice(7).trim();
  const parts = token.split(".");
  if (parts.length !== 3) throw new WebhookAuthError(403, "Invalid token");
  const [h, p, s] = parts as [string, string, string];
  let head: { alg?: string };
  let payload: Record<string, unknown>;
  try {
    head = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { alg?: string };
    payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new WebhookAuthError(403, "Invalid token");
  }
  const algorithm = String(data.algorithm ?? "HS256");
  if (head.alg !== algorithm) throw new WebhookAuthError(403, `Invalid token: algorithm must be ${algorithm}`);
  const family = algorithm.slice(0, 2);
  const hash = HASH[algorithm.slice(2)];
  if (!hash) throw new WebhookAuthError(403, "Invalid token: unsupported algorithm");
  const signed = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, "base64url");
  let valid = false;
  if (family === "HS") {
    const expected = createHmac(hash, String(data.secret ?? "")).update(signed).digest();
    valid = expected.length === signature.length && timingSafeEqual(expected, signature);
  } else if (family === "RS" || family === "PS" || family === "ES") {
    try {
      const key = createPublicKey(String(data.publicKey ?? ""));
      valid = verifySignature(hash, signed, family === "ES" ? { key, dsaEncoding: "ieee-p1363" } : family === "PS" ? { key, padding: 6 } : key, signature);
    } catch {
      valid = false;
    }
  }
  if (!valid) throw new WebhookAuthError(403, "Invalid token: bad signature");
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  if (typeof payload.exp === "number" && now >= payload.exp) throw new WebhookAuthError(403, "Invalid token: expired");
  if (typeof payload.nbf === "number" && now < payload.nbf) throw new WebhookAuthError(403, "Invalid token: not yet valid");
  return payload;
}

/**
 * HMAC credential (`webhookHmac`): `secret`; optional `algorithm` (sha256), `signatureHeader`
 * (x-bos-signature; value `sha256=<hex>` or bare hex), `timestampHeader` (x-bos-timestamp; unix seconds),
 * `deliveryHeader` (x-bos-delivery), `toleranceSeconds` (300). The signed text is `<timestamp>.<raw body>`.
 */
async function checkHmac(input: AuthInput, data: Record<string, unknown>): Promise<AuthOutcome> {
  const algorithm = String(data.algorithm ?? "sha256");
  const signatureHeader = String(data.signatureHeader ?? "x-bos-signature");
  const timestampHeader = String(data.timestampHeader ?? "x-bos-timestamp");
  const deliveryHeader = String(data.deliveryHeader ?? "x-bos-delivery");
  const tolerance = Number(data.toleranceSeconds ?? 300);
  const signature = header(input.headers, signatureHeader);
  const timestamp = header(input.headers, timestampHeader);
  const delivery = header(input.headers, deliveryHeader);
  if (!signature || !timestamp || !delivery) throw new WebhookAuthError(401, `signed delivery required: send ${signatureHeader}, ${timestampHeader} and ${deliveryHeader}`);
  const seconds = Number(timestamp);
  const now = (input.now ?? Date.now()) / 1000;
  if (!Number.isFinite(seconds) || Math.abs(now - seconds) > tolerance) throw new WebhookAuthError(401, `the ${timestampHeader} is outside the accepted window of ${tolerance} s (or not unix seconds)`);
  const expected = createHmac(algorithm, String(data.secret ?? "")).update(`${timestamp}.`).update(input.rawBody).digest("hex");
  const given = signature.includes("=") ? signature.slice(signature.indexOf("=") + 1) : signature;
  if (!safeEqual(given.toLowerCase(), expected)) throw new WebhookAuthError(401, "the signature does not match the body");
  if (delivery.length > 200) throw new WebhookAuthError(401, `${deliveryHeader} is longer than 200 characters`);
  const deliveryKey = `${input.prefix}:wh-delivery:${input.tenantId}:${delivery}`;
  const fresh = await input.redis.set(deliveryKey, "1", "EX", Math.ceil(tolerance * 2 + 60), "NX");
  if (fresh !== "OK") throw new DuplicateDeliveryError(delivery);
  return { deliveryKey };
}

/** A signed delivery seen before: answered 200 (so the sender stops retrying), and no run starts. */
export class DuplicateDeliveryError extends ServiceError {
  constructor(delivery: string) {
    super("WF_WEBHOOK_DUPLICATE_DELIVERY", `delivery ${delivery} was already accepted; it does not start a second run`, 200, { delivery });
  }
}
