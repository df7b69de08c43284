export * from "./builtin-registry";
export * from "./flow";
export * from "./transform";
export * from "./http";
export * from "./triggers";

