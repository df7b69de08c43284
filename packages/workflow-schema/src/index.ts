export * from "./document";
export * from "./node-description";
