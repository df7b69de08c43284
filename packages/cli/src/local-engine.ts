import { WorkflowEngine } from "@bos/engine";
import { createBuiltinRegistry } from "@bos/nodes";
import { SandboxPool } from "@bos/sandbox";

/** An engine for running workflows in this process (no database, no credentials), and how to shut it down. */
export interface LocalEngine {
  engine: WorkflowEngine;
  /** The engine's sandbox pool (debug sessions evaluate breakpoint conditions in it). */
  sandboxPool: SandboxPool;
  /** Closes the sandbox pool and the HTTP client so the process can exit. */
  close(): Promise<void>;
}

/** The built-in nodes, a sandbox pool and the engine's default HTTP client, as the CLI and tests use them. */
export function createLocalEngine(options: { poolSize?: number; inProcessWaitMs?: number } = {}): LocalEngine {
  const sandboxPool = new SandboxPool({ poolSize: options.poolSize ?? 2 });
  const engine = new WorkflowEngine({ registry: createBuiltinRegistry(), sandboxPool, inProcessWaitMs: options.inProcessWaitMs });
  return {
    engine,
    sandboxPool,
    async close() {
      engine.close();
      await sandboxPool.close();
    },
  };
}
