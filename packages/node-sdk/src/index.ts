export * from "./item";
export * from "./errors";
export * from "./http";
export * from "./context";
export * from "./parameter-types";
export * from "./define-node";
export * from "./registry";
export * from "./read-parameter";
