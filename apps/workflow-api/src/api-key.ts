import { createHash, randomBytes } from "node:crypto";
import { isUuid } from "@bos/db";

/**
 * API keys for service-to-service calls: `bos_<tenant id, 32 hex>_<secret, 43 base64url chars>`.
 * The tenant part is not secret; it lets the API look the key up under its tenant's row-level-security
 * scope (the app role sees no api_keys row without a tenant). Only the SHA-256 of the whole key is stored
 * (the secret has 256 bits of entropy, so a plain hash is enough; no slow KDF is needed).
 */
export const API_KEY_PREFIX = "bos_";
const KEY_PATTERN = /^bos_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  /** The key itself: shown once, never stored. */
  key: string;
  /** What lists show to tell keys apart (`bos_` + the first 8 characters of the secret). */
  prefix: string;
  hash: string;
}

export function generateApiKey(tenantId: string): NewApiKey {
  const secret = randomBytes(32).toString("base64url");
  const key = `${API_KEY_PREFIX}${tenantId.replaceAll("-", "").toLowerCase()}_${secret}`;
  return { key, prefix: `${API_KEY_PREFIX}${secret.slice(0, 8)}`, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** True when a bearer token has the shape of an API key (JWTs start with `eyJ`). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** The tenant id a well-formed key names, or undefined for anything else. */
export function tenantOfApiKey(key: string): string | undefined {
  const match = KEY_PATTERN.exec(key);
  const hex = match?.[1];
  if (!hex) return undefined;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return isUuid(id) ? id : undefined;
}
