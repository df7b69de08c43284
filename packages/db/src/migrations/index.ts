import type { Migration } from "kysely";
import * as initial from "./0001-initial";
import * as durableExecution from "./0002-durable-execution";
import * as triggerRegistry from "./0003-trigger-registry";

/**
 * Every migration, in order. Listed in code (no directory scan) so bundled apps carry them. Never edit or
 * remove a migration that has shipped: add the next `NNNN-name.ts` and list it here.
 */
export const migrations: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-durable-execution": durableExecution,
  "0003-trigger-registry": triggerRegistry,
};
