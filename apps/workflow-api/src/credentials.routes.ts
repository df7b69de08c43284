import { createCredential, deleteCredential, getCredential, listCredentials, reencryptCredentials, updateCredential } from "@bos/credentials";
import { withTenant } from "@bos/db";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IdParamsSchema, PageQuerySchema, errors } from "./api-schemas";
import { writeAudit } from "./audit";
import { actorIdOf, callerOf, requireRole } from "./auth.plugin";
import type { RouteDeps } from "./route-deps";

const NameSchema = z.string().trim().min(1, "must not be empty").max(200).describe("unique in the tenant; imported workflows find credentials by it");
const DataSchema = z
  .record(z.string(), z.unknown())
  .describe("the credential type's fields, e.g. { user, password } for httpBasicAuth; stored encrypted, never returned");

const CreateBodySchema = z.object({
  name: NameSchema,
  type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, "must be a credential type name such as httpBasicAuth")
    .describe("n8n credential type: httpBasicAuth, httpHeaderAuth, httpBearerAuth, httpQueryAuth, httpCustomAuth, jwtAuth, webhookHmac, ..."),
  data: DataSchema,
});

const UpdateBodySchema = z
  .object({ name: NameSchema.optional(), data: DataSchema.optional() })
  .refine((body) => body.name !== undefined || body.data !== undefined, { message: "send name, data or both" })
  .describe("a new name and/or new data; data replaces the stored data whole");

const ListQuerySchema = PageQuerySchema.extend({ type: z.string().max(100).optional().describe("only credentials of this type") });

/** What any caller of the tenant may see of a credential: never its data. */
const CredentialSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * Credentials: create, list, read, update and delete the tenant's stored credentials (creator or admin write,
 * any role reads metadata). No route ever answers the data: it is written here and read only by the engine
 * and the trigger gateway, through @bos/credentials' provider.
 */
export async function credentialRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, credentialKeyring: keyring } = deps;
  const tags = ["credentials"];

  app.post<{ Body: z.infer<typeof CreateBodySchema> }>(
    "/credentials",
    {
      preHandler: requireRole("creator"),
      schema: { tags, summary: "Store a credential (encrypted); the answer is its metadata", body: CreateBodySchema, response: { 201: CredentialSchema, ...errors(403, 409) } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const created = await withTenant(db, caller.tenantId, async (trx) => {
        const credential = await createCredential(trx, caller.tenantId, keyring, { ...request.body, createdBy: actorIdOf(caller) });
        await writeAudit(trx, caller, { action: "credential.create", targetKind: "credential", targetId: credential.id, details: { name: credential.name, type: credential.type } });
        return credential;
      });
      return reply.code(201).send(created);
    },
  );

  app.get<{ Querystring: z.infer<typeof ListQuerySchema> }>(
    "/credentials",
    {
      schema: {
        tags,
        summary: "The tenant's credentials by name (keyset-paged, metadata only)",
        querystring: ListQuerySchema,
        response: { 200: z.object({ data: z.array(CredentialSchema), nextCursor: z.string().nullable() }), ...errors() },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return withTenant(db, tenantId, (trx) => listCredentials(trx, tenantId, request.query));
    },
  );

  app.get<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/credentials/:id",
    { schema: { tags, summary: "A credential's metadata (never its data)", params: IdParamsSchema, response: { 200: CredentialSchema, ...errors(404) } } },
    async (request) => {
      const { tenantId } = callerOf(request);
      return withTenant(db, tenantId, (trx) => getCredential(trx, tenantId, request.params.id));
    },
  );

  app.put<{ Params: z.infer<typeof IdParamsSchema>; Body: z.infer<typeof UpdateBodySchema> }>(
    "/credentials/:id",
    {
      preHandler: requireRole("creator"),
      schema: { tags, summary: "Rename a credential and/or replace its data", params: IdParamsSchema, body: UpdateBodySchema, response: { 200: CredentialSchema, ...errors(403, 404, 409) } },
    },
    async (request) => {
      const caller = callerOf(request);
      const { name, data } = request.body;
      return withTenant(db, caller.tenantId, async (trx) => {
        const before = await getCredential(trx, caller.tenantId, request.params.id);
        const credential = await updateCredential(trx, caller.tenantId, keyring, request.params.id, { ...(name === undefined ? {} : { name }), ...(data === undefined ? {} : { data }) });
        const changed = [...(name === undefined ? [] : ["name"]), ...(data === undefined ? [] : ["data"])];
        await writeAudit(trx, caller, {
          action: "credential.update",
          targetKind: "credential",
          targetId: credential.id,
          details: { name: credential.name, type: credential.type, changed, ...(before.name === credential.name ? {} : { previousName: before.name }) },
        });
        return credential;
      });
    },
  );

  app.post(
    "/credentials/re-encrypt",
    {
      preHandler: requireRole("admin"),
      schema: {
        tags,
        summary: "After a key rotation: re-encrypt the tenant's credentials still under a previous key with the current one, so that key can be retired",
        response: {
          200: z.object({ reencrypted: z.number().int().describe("credentials moved to the current key"), alreadyCurrent: z.number().int() }),
          ...errors(403, 500),
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return withTenant(db, caller.tenantId, async (trx) => {
        const outcome = await reencryptCredentials(trx, caller.tenantId, keyring);
        await writeAudit(trx, caller, { action: "credential.re-encrypt", targetKind: "credential", targetId: "*", details: { ...outcome, keyId: keyring.current.id } });
        return outcome;
      });
    },
  );

  app.delete<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/credentials/:id",
    {
      preHandler: requireRole("creator"),
      schema: { tags, summary: "Delete a credential (workflows that use it fail at their next use, naming it)", params: IdParamsSchema, response: { 204: z.null().describe("deleted"), ...errors(403, 404) } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await withTenant(db, caller.tenantId, async (trx) => {
        const deleted = await deleteCredential(trx, caller.tenantId, request.params.id);
        await writeAudit(trx, caller, { action: "credential.delete", targetKind: "credential", targetId: deleted.id, details: { name: deleted.name, type: deleted.type } });
      });
      return reply.code(204).send();
    },
  );
}
