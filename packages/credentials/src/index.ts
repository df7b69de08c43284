export * from "./credential-cipher";
export * from "./credentials-provider";
export * from "./credentials.repo";
export * from "./errors";
