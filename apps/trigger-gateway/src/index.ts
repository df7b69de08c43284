// Apps are deployed, not imported (an app never imports another app); this entry exists for tooling and
// for tests that build the app in-process.
export { buildApp, type GatewayDeps } from "./app";
export { loadConfig, type GatewayConfig } from "./config";
