import { type Database, type Kysely, withTenant } from "@bos/db";
import type { CredentialKeyring } from "./credential-cipher";
import { resolveCredential } from "./credentials.repo";
import { CredentialError, CredentialTenantRequiredError, CredentialUnresolvedError } from "./errors";

/**
 * A credential request as the engine (CredentialRequest of @bos/engine) and the trigger gateway
 * (WebhookCredentials of apps/trigger-gateway) make it. Structural, so this package depends on neither.
 */
export interface CredentialLookup {
  tenantId?: string;
  type: string;
  id?: string | null;
  name: string;
  node?: string;
  workflowId?: string;
  executionId?: string;
}

/**
 * Reads stored credentials for nodes and webhooks. `get` fits the engine's CredentialsProvider (and the
 * gateway's WebhookCredentials type); `find` answers undefined for a reference that matches nothing, which
 * is what the gateway wants (it then refuses the call with its generic WF_WEBHOOK_AUTH_UNAVAILABLE, telling
 * an unauthenticated caller nothing about the tenant's credentials).
 */
export interface StoredCredentialsProvider {
  /** The credential's decrypted data; CredentialUnresolvedError when the reference matches none. */
  get(request: CredentialLookup): Promise<Record<string, unknown>>;
  /** The credential's decrypted data, or undefined when the reference matches none. */
  find(request: CredentialLookup): Promise<Record<string, unknown> | undefined>;
  /** This provider with `tenantId` filled in for requests that carry none (and refused for requests naming another tenant). */
  forTenant(tenantId: string): StoredCredentialsProvider;
}

/**
 * The provider over the credentials table: each request runs in its own withTenant() transaction (row-level
 * security on the request's tenant) and decrypts with `keyring`. A request without a tenant is refused
 * (WF_CREDENTIAL_TENANT_REQUIRED): the host forgot RunOptions.tenantId.
 *
 * @example
 * const credentials = createCredentialsProvider(db, createKeyring({ current, previous }));
 * new WorkflowEngine({ registry, sandboxPool, credentials });   // engine.run(doc, { tenantId, ... })
 */
export function createCredentialsProvider(db: Kysely<Database>, keyring: CredentialKeyring): StoredCredentialsProvider {
  const find = async (request: CredentialLookup): Promise<Record<string, unknown> | undefined> => {
    if (!request.tenantId) throw new CredentialTenantRequiredError(request);
    const tenantId = request.tenantId;
    const resolved = await withTenant(db, tenantId, (trx) => resolveCredential(trx, tenantId, keyring, request));
    return resolved?.data;
  };
  return bind(find, undefined);
}

function bind(find: (request: CredentialLookup) => Promise<Record<string, unknown> | undefined>, tenantId: string | undefined): StoredCredentialsProvider {
  const scoped = (request: CredentialLookup): CredentialLookup => {
    if (tenantId === undefined || request.tenantId === undefined) return tenantId === undefined ? request : { ...request, tenantId };
    if (request.tenantId !== tenantId) {
      throw new CredentialError(
        "WF_CREDENTIAL_TENANT_MISMATCH",
        `credentials were asked for tenant ${request.tenantId} through a provider bound to tenant ${tenantId}`,
        500,
        { type: request.type, name: request.name },
        "A host bug: pass the run's own tenant in RunOptions.tenantId.",
      );
    }
    return request;
  };
  return {
    find: (request) => find(scoped(request)),
    async get(request) {
      const data = await find(scoped(request));
      if (!data) throw new CredentialUnresolvedError(request);
      return data;
    },
    forTenant: (bound) => bind(find, bound),
  };
}
