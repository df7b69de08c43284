import type { Kysely } from "kysely";
import type { Database, Role } from "../schema";
import { withTenant } from "../with-tenant";
import { createWorkflow, findWorkflowIdsByName } from "../workflows.repo";
import codeRunOnceAllItems from "./workflows/code-run-once-all-items.json";
import loopOverItems from "./workflows/loop-over-items-batch-2.json";
import mergeAfterIf from "./workflows/merge-after-if-one-branch.json";
import switchRules from "./workflows/switch-rules-fallback-all-matching.json";

/** The demo tenant `./bos start` seeds; fixed ids so tokens printed earlier stay valid. */
export const DEMO_TENANT = { id: "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f01", slug: "demo", name: "Demo Company" } as const;

/** The demo users, one per role of the approval flow. */
export const DEMO_USERS: ReadonlyArray<{ id: string; email: string; displayName: string; roles: Role[] }> = [
  { id: "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f11", email: "creator@demo.example", displayName: "Casey Creator", roles: ["creator"] },
  { id: "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f12", email: "approver@demo.example", displayName: "Avery Approver", roles: ["approver"] },
  { id: "5d6f1a2e-0c4b-4f7e-9a13-2b8c7d4e6f13", email: "executor@demo.example", displayName: "Eli Executor", roles: ["executor"] },
];

/** The example workflows (copies of n8n conformance cases, renamed), with their tags. */
export const DEMO_WORKFLOWS: ReadonlyArray<{ definition: { name: string }; tags: string[] }> = [
  { definition: mergeAfterIf, tags: ["demo", "branching"] },
  { definition: codeRunOnceAllItems, tags: ["demo", "code"] },
  { definition: switchRules, tags: ["demo", "routing"] },
  { definition: loopOverItems, tags: ["demo", "loop"] },
];

export interface SeedResult {
  tenantId: string;
  createdWorkflows: string[];
}

/**
 * Seeds the demo tenant, its users with their roles, and the example workflows. Idempotent: rows that
 * exist (by id, or workflow by name) are left alone, so running it on every start is safe.
 */
export async function seedDemo(db: Kysely<Database>): Promise<SeedResult> {
  return withTenant(db, DEMO_TENANT.id, async (trx) => {
    await trx.insertInto("tenants").values(DEMO_TENANT).onConflict((oc) => oc.column("id").doNothing()).execute();
    for (const user of DEMO_USERS) {
      await trx
        .insertInto("users")
        .values({ id: user.id, tenant_id: DEMO_TENANT.id, email: user.email, display_name: user.displayName })
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
      for (const role of user.roles) {
        await trx
          .insertInto("role_grants")
          .values({ tenant_id: DEMO_TENANT.id, user_id: user.id, role, granted_by: null })
          .onConflict((oc) => oc.columns(["tenant_id", "user_id", "role"]).doNothing())
          .execute();
      }
    }
    const creator = DEMO_USERS[0]?.id ?? null;
    const createdWorkflows: string[] = [];
    for (const example of DEMO_WORKFLOWS) {
      const name = example.definition.name;
      if ((await findWorkflowIdsByName(trx, DEMO_TENANT.id, name)).length > 0) continue;
      await createWorkflow(trx, DEMO_TENANT.id, {
        name,
        definition: example.definition,
        tags: example.tags,
        authorId: creator,
        message: "demo seed",
      });
      createdWorkflows.push(name);
    }
    return { tenantId: DEMO_TENANT.id, createdWorkflows };
  });
}
