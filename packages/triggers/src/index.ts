export * from "./errors";
export * from "./extract-triggers";
export * from "./load-registry";
export * from "./sync-workflow-triggers";
export * from "./test-webhooks";
export * from "./trigger-notices";
