import { type Kysely, type Transaction, sql } from "kysely";
import { InvalidTenantIdError } from "./errors";
import type { Database } from "./schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` has the shape of a UUID (any version). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Runs `fn` in a transaction whose `app.tenant_id` setting is `tenantId`, so the row-level security
 * policies restrict every statement to that tenant. The setting is transaction-local (set_config(..., true)):
 * it cannot leak to the next user of the pooled connection. Repositories still filter on tenant_id
 * themselves; the policy is the second line of defence.
 */
export async function withTenant<T>(
  db: Kysely<Database>,
  tenantId: string,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (!isUuid(tenantId)) throw new InvalidTenantIdError(tenantId);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
    return fn(trx);
  });
}
