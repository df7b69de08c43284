import { type Role, isUuid, withTenant } from "@bos/db";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { z } from "zod";
import { IdParamsSchema, errors } from "./api-schemas";
import { generateApiKey } from "./api-key";
import { writeAudit } from "./audit";
import { actorIdOf, callerOf, requireRole } from "./auth.plugin";
import { ApiKeyNotFoundError, ForbiddenError } from "./errors";
import type { RouteDeps } from "./route-deps";

const ROLES = ["creator", "approver", "executor", "admin"] as const;

const CreateBodySchema = z.object({
  name: z.string().min(1).max(200).describe("what the key is for, e.g. the calling service"),
  roles: z.array(z.enum(ROLES)).min(1).describe("roles the key carries (at most the caller's own)"),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe("when the key stops working (ISO 8601); default never"),
});

const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("the key's first characters, to tell keys apart"),
  roles: z.array(z.enum(ROLES)),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

const CreatedSchema = ApiKeySchema.extend({ key: z.string().describe("the key itself: shown this once, store it now") });

interface KeyRow {
  id: string;
  name: string;
  key_prefix: string;
  roles: Role[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = ["id", "name", "key_prefix", "roles", "created_at", "expires_at", "last_used_at", "revoked_at"] as const;

function toView(row: KeyRow): z.input<typeof ApiKeySchema> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.key_prefix,
    roles: row.roles,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** API keys for service-to-service calls (admin only): create (the key is shown once), list, revoke. */
export async function apiKeyRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const tags = ["api keys"];

  app.post<{ Body: z.infer<typeof CreateBodySchema> }>(
    "/api-keys",
    {
      preHandler: requireRole("admin"),
      schema: { tags, summary: "Create an API key; the answer holds the key, which is never shown again", body: CreateBodySchema, response: { 201: CreatedSchema, ...errors(403) } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const beyond = request.body.roles.filter((r) => !caller.roles.includes(r) && !caller.roles.includes("admin"));
      if (beyond.length > 0) throw new ForbiddenError(beyond, caller.roles);
      const { key, prefix, hash } = generateApiKey(caller.tenantId);
      const row = await withTenant(db, caller.tenantId, async (trx) => {
        const created = await trx
          .insertInto("api_keys")
          .values({
            tenant_id: caller.tenantId,
            name: request.body.name,
            key_prefix: prefix,
            key_hash: hash,
            roles: [...new Set(request.body.roles)],
            created_by: actorIdOf(caller),
            expires_at: request.body.expiresAt ?? null,
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        await writeAudit(trx, caller, { action: "api_key.create", targetKind: "api_key", targetId: created.id, details: { name: created.name, roles: created.roles } });
        return created;
      });
      return reply.code(201).send({ ...toView(row), key });
    },
  );

  app.get(
    "/api-keys",
    { preHandler: requireRole("admin"), schema: { tags, summary: "The tenant's API keys (never the keys themselves)", response: { 200: z.object({ data: z.array(ApiKeySchema) }), ...errors(403) } } },
    async (request) => {
      const { tenantId } = callerOf(request);
      const rows = await withTenant(db, tenantId, (trx) =>
        trx.selectFrom("api_keys").select(COLUMNS).where("tenant_id", "=", tenantId).orderBy("created_at", "desc").orderBy("id", "desc").limit(1000).execute(),
      );
      return { data: rows.map(toView) };
    },
  );

  app.delete<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/api-keys/:id",
    {
      preHandler: requireRole("admin"),
      schema: { tags, summary: "Revoke an API key (it stops working at once; the row stays for the record)", params: IdParamsSchema, response: { 200: ApiKeySchema, ...errors(403, 404) } },
    },
    async (request) => {
      const caller = callerOf(request);
      const { id } = request.params;
      if (!isUuid(id)) throw new ApiKeyNotFoundError(id);
      const row = await withTenant(db, caller.tenantId, async (trx) => {
        const revoked = await trx
          .updateTable("api_keys")
          .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
          .where("tenant_id", "=", caller.tenantId)
          .where("id", "=", id)
          .returning(COLUMNS)
          .executeTakeFirst();
        if (!revoked) throw new ApiKeyNotFoundError(id);
        await writeAudit(trx, caller, { action: "api_key.revoke", targetKind: "api_key", targetId: id, details: { name: revoked.name } });
        return revoked;
      });
      return toView(row);
    },
  );
}
