// Apps are deployed, not imported (an app never imports another app); this entry exists for tooling and
// for tests that build the app in-process. The execution worker itself is the @bos/executor package.
export { buildApp, type WorkerDeps } from "./app";
export { loadConfig, type WorkerConfig } from "./config";
