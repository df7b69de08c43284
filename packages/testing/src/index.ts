export * from "./n8n-cases";
export * from "./browser";
