export * from "./n8n-cases";
