import type { StoredCredentialsProvider } from "@bos/credentials";
import { type Database, type Kysely, withTenant } from "@bos/db";
import { WorkflowEngine, type WorkflowLoader } from "@bos/engine";
import { createHttpClient, type ManagedHttpClient } from "@bos/http-client";
import type { NodeRegistry } from "@bos/node-sdk";
import { createBuiltinRegistry } from "@bos/nodes";
import { SandboxPool } from "@bos/sandbox";
import type { WorkflowDocument } from "@bos/workflow-schema";
import { getVersion, readWorkflow } from "./workflow-store";

/**
 * The engine inside the API process, for what must answer from here rather than through the worker: dry
 * runs (nothing leaves the process, so nothing needs durability), partial test runs and step-debugging
 * legs (interactive, short). The sandbox pool and HTTP client are created on first use and shared; each
 * tenant's engine loads sub-workflows and reads credentials from that tenant only (sub-workflows: active
 * version, else the draft; credentials through a provider bound to the tenant, so debug sessions, which run
 * without run options of ours, get them too).
 */
export class InProcessEngine {
  private pool?: SandboxPool;
  private http?: ManagedHttpClient;
  private readonly registry: NodeRegistry = createBuiltinRegistry();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly credentials: StoredCredentialsProvider,
  ) {}

  /** The sandbox pool (debug sessions evaluate breakpoint conditions in it). */
  get sandboxPool(): SandboxPool {
    return (this.pool ??= new SandboxPool({ poolSize: 1 }));
  }

  /** An engine whose Execute Workflow nodes see the tenant's stored workflows, and whose nodes its credentials. */
  engineFor(tenantId: string): WorkflowEngine {
    this.http ??= createHttpClient();
    return new WorkflowEngine({
      registry: this.registry,
      sandboxPool: this.sandboxPool,
      httpClient: this.http,
      workflowLoader: tenantLoader(this.db, tenantId),
      credentials: this.credentials.forTenant(tenantId),
    });
  }

  async close(): Promise<void> {
    this.http?.close();
    await this.pool?.close();
  }
}

function tenantLoader(db: Kysely<Database>, tenantId: string): WorkflowLoader {
  return {
    async load(id) {
      try {
        return await withTenant(db, tenantId, async (trx) => {
          const workflow = await readWorkflow(trx, tenantId, id);
          const version = await getVersion(trx, tenantId, workflow, workflow.activeVersionId ? "active" : "draft");
          return { ...(version.definition as WorkflowDocument), id: workflow.id };
        });
      } catch {
        return undefined;
      }
    },
  };
}
