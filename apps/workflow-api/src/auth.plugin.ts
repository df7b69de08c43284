import { type Database, type Kysely, type Role, isUuid, withTenant } from "@bos/db";
import fastifyJwt from "@fastify/jwt";
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from "fastify";
import { sql } from "kysely";
import { z } from "zod";
import { hashApiKey, looksLikeApiKey, tenantOfApiKey } from "./api-key";
import type { ApiConfig } from "./config";
import { AuthError, ForbiddenError } from "./errors";

/** Who is calling: from the verified access token or API key. */
export interface AuthContext {
  /** The token's `sub`, or `api-key:<id>` for an API key. */
  userId: string;
  tenantId: string;
  roles: Role[];
  actorKind: "user" | "api-key";
  /** The API key's id when the caller used one. */
  apiKeyId?: string;
}

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  tenant_id: z.uuid(),
  roles: z.array(z.enum(["creator", "approver", "executor", "admin"])),
});

/** An API key's last_used_at is refreshed at most this often, so key traffic does not write on every call. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Registers @fastify/jwt (HS256 only, `exp` required, issuer and audience checked) and a `request.auth`
 * slot. Add `authenticateWith(db)` as an onRequest hook inside the scopes that need a caller.
 */
export async function registerAuth(app: FastifyInstance, jwt: ApiConfig["jwt"]): Promise<void> {
  await app.register(fastifyJwt, {
    secret: jwt.secret,
    sign: { algorithm: "HS256", iss: jwt.issuer, aud: jwt.audience, expiresIn: "12h" },
    verify: { algorithms: ["HS256"], allowedIss: jwt.issuer, allowedAud: jwt.audience, requiredClaims: ["exp", "sub"] },
  });
  app.decorateRequest("auth", null);
}

/**
 * onRequest hook: fills `request.auth` from `X-API-Key: <key>`, `Authorization: Bearer <api key>` or
 * `Authorization: Bearer <JWT>`, or answers 401.
 */
export function authenticateWith(db: Kysely<Database>): onRequestHookHandler {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const apiKeyHeader = request.headers["x-api-key"];
    if (typeof apiKeyHeader === "string" && apiKeyHeader.length > 0) {
      request.auth = await verifyApiKey(db, apiKeyHeader.trim());
      return;
    }
    const header = request.headers.authorization;
    if (!header) {
      // Browsers' EventSource cannot send headers: routes that opt in take the token from `?access_token=`.
      const queryToken = tokenFromQuery(request);
      if (queryToken) {
        request.auth = looksLikeApiKey(queryToken) ? await verifyApiKey(db, queryToken) : await verifyJwt(request, queryToken);
        return;
      }
      throw new AuthError(
        "WF_AUTH_MISSING_TOKEN",
        "this route needs `Authorization: Bearer <token>` (or an API key in `X-API-Key`); `./bos token` prints a token for local use",
      );
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AuthError("WF_AUTH_INVALID_TOKEN", "the Authorization header must be `Bearer <token>`");
    if (looksLikeApiKey(match[1])) {
      request.auth = await verifyApiKey(db, match[1]);
      return;
    }
    request.auth = await verifyJwt(request);
  };
}

/**
 * Route config of a GET route whose caller may pass the token as `?access_token=` (server-sent events, which
 * a browser's EventSource opens without headers). Such routes also keep the query out of their request logs.
 */
export const TOKEN_IN_QUERY = { tokenInQuery: true } as const;

declare module "fastify" {
  interface FastifyContextConfig {
    /** See TOKEN_IN_QUERY. */
    tokenInQuery?: boolean;
  }
}

function tokenFromQuery(request: FastifyRequest): string | undefined {
  if (request.method !== "GET" || request.routeOptions.config?.tokenInQuery !== true) return undefined;
  const token = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof token === "string" && token.length > 0 ? token : undefined;
}

/** The request as it is logged on routes that take a token in the query: the query is left out. */
export const logWithoutQuery = {
  req: (req: FastifyRequest) => ({ method: req.method, url: req.url.split("?")[0], host: req.headers.host, remoteAddress: req.ip }),
};

async function verifyJwt(request: FastifyRequest, token?: string): Promise<AuthContext> {
  let payload: unknown;
  try {
    payload = token === undefined ? await request.jwtVerify() : request.server.jwt.verify(token);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (code.includes("EXPIRED")) throw new AuthError("WF_AUTH_TOKEN_EXPIRED", "the access token has expired; get a new one");
    throw new AuthError("WF_AUTH_INVALID_TOKEN", `the access token was rejected: ${(error as Error).message}`, { reason: code });
  }
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new AuthError("WF_AUTH_INVALID_TOKEN", "the access token lacks the claims sub, tenant_id (UUID) and roles[]", {
      issues: claims.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return { userId: claims.data.sub, tenantId: claims.data.tenant_id, roles: claims.data.roles, actorKind: "user" };
}

async function verifyApiKey(db: Kysely<Database>, key: string): Promise<AuthContext> {
  const rejected = () => new AuthError("WF_AUTH_INVALID_API_KEY", "the API key is unknown, revoked or expired; ask an admin for a new one (POST /api-keys)");
  const tenantId = tenantOfApiKey(key);
  if (!tenantId) throw rejected();
  const hash = hashApiKey(key);
  const row = await withTenant(db, tenantId, async (trx) => {
    const found = await trx
      .selectFrom("api_keys")
      .select(["id", "roles", "expires_at", "revoked_at", "last_used_at"])
      .where("tenant_id", "=", tenantId)
      .where("key_hash", "=", hash)
      .executeTakeFirst();
    if (!found || found.revoked_at || (found.expires_at && found.expires_at.getTime() <= Date.now())) return undefined;
    if (!found.last_used_at || Date.now() - found.last_used_at.getTime() > LAST_USED_GRANULARITY_MS) {
      await trx.updateTable("api_keys").set({ last_used_at: sql<Date>`now()` }).where("tenant_id", "=", tenantId).where("id", "=", found.id).execute();
    }
    return found;
  });
  if (!row) throw rejected();
  return { userId: `api-key:${row.id}`, tenantId, roles: row.roles, actorKind: "api-key", apiKeyId: row.id };
}

/** The caller of an authenticated route (the hook guarantees it is set). */
export function callerOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AuthError("WF_AUTH_MISSING_TOKEN", "this route needs `Authorization: Bearer <token>`");
  return request.auth;
}

/** The uuid to store as created_by / author_id / actor_id: the user id when it is a UUID, the API key's id, or null. */
export function actorIdOf(caller: AuthContext): string | null {
  if (caller.actorKind === "api-key") return caller.apiKeyId ?? null;
  return isUuid(caller.userId) ? caller.userId : null;
}

/** True when the caller holds one of `roles` or is admin. */
export function hasRole(caller: AuthContext, roles: readonly Role[]): boolean {
  return caller.roles.includes("admin") || roles.some((role) => caller.roles.includes(role));
}

/** preHandler: 403 unless the caller holds one of `roles` (admin passes every gate). */
export function requireRole(...roles: Role[]): preHandlerHookHandler {
  return async function roleGate(request: FastifyRequest): Promise<void> {
    const caller = callerOf(request);
    if (!hasRole(caller, roles)) throw new ForbiddenError(roles, caller.roles);
  };
}
