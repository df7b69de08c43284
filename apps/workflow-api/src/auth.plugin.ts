import fastifyJwt from "@fastify/jwt";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ApiConfig } from "./config";
import { AuthError } from "./errors";

/** Who is calling: from the verified access token. */
export interface AuthContext {
  userId: string;
  tenantId: string;
  roles: Array<"creator" | "approver" | "executor" | "admin">;
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

/**
 * Registers @fastify/jwt (HS256 only, `exp` required, issuer and audience checked) and a `request.auth`
 * slot. Call `app.addHook("onRequest", app.authenticate)` inside the scopes that need a caller.
 */
export async function registerAuth(app: FastifyInstance, jwt: ApiConfig["jwt"]): Promise<void> {
  await app.register(fastifyJwt, {
    secret: jwt.secret,
    sign: { algorithm: "HS256", iss: jwt.issuer, aud: jwt.audience, expiresIn: "12h" },
    verify: { algorithms: ["HS256"], allowedIss: jwt.issuer, allowedAud: jwt.audience, requiredClaims: ["exp", "sub"] },
  });
  app.decorateRequest("auth", null);
}

/** onRequest hook: verifies the bearer token and fills `request.auth`, or answers 401. */
export async function authenticate(request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  if (!header) {
    throw new AuthError("WF_AUTH_MISSING_TOKEN", "this route needs `Authorization: Bearer <token>`; `./bos token` prints one for local use");
  }
  if (!/^Bearer\s+\S+$/i.test(header)) {
    throw new AuthError("WF_AUTH_INVALID_TOKEN", "the Authorization header must be `Bearer <token>`");
  }
  let payload: unknown;
  try {
    payload = await request.jwtVerify();
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
  request.auth = { userId: claims.data.sub, tenantId: claims.data.tenant_id, roles: claims.data.roles };
}

/** The caller of an authenticated route (the hook guarantees it is set). */
export function callerOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AuthError("WF_AUTH_MISSING_TOKEN", "this route needs `Authorization: Bearer <token>`");
  return request.auth;
}
