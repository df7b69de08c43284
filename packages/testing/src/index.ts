export * from "./n8n-cases";
export * from "./browser";
export * from "./private-redis";
export * from "./test-database";
export * from "./test-env";
export * from "./test-redis";
export * from "./errors-doc";
