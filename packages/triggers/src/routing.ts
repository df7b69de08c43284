/**
 * What a trigger gateway needs, without the node types (`@bos/triggers/routing`): reading the registry,
 * change notices, path matching helpers, test-listen lookups. Publish-side code uses the main entry.
 */
export type { WebhookAuthKind, WebhookConfig, WebhookMethod } from "./extract-triggers";
export * from "./load-registry";
export * from "./test-webhook-lookup";
export * from "./trigger-notices";
export * from "./webhook-path";
