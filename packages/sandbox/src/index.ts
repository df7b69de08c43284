export * from "./types";
export { SandboxPool } from "./sandbox-pool";
export { SandboxErrorCode, SandboxFailure } from "./errors";
export { isExpression, parseTemplate, type ParsedTemplate, type TemplatePart } from "./template";
