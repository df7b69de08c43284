import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import dataProxySource from "./runtime/data-proxy.isojs";
import expressionRuntimeSource from "./runtime/expression-runtime.isojs";
import extensionsSource from "./runtime/extensions.isojs";
import hashSource from "./runtime/hash.isojs";
import runStoreSource from "./runtime/run-store.isojs";
import preludeSource from "./runtime/prelude.isojs";

let cached: string | undefined;

/**
 * The script every isolate runs once: Luxon's browser build, jmespath and our runtime files, all inside one
 * function scope, so that only what the runtime puts on `globalThis` on purpose
 * (DateTime, Duration, Interval and the entry points the host removes at once) is visible to user code.
 */
export function bootSource(): string {
  if (cached !== undefined) return cached;
  // luxon's exports map hides the build folder, so go through its package.json.
  const luxonPath = join(dirname(require.resolve("luxon/package.json")), "build", "global", "luxon.min.js");
  const luxon = readFileSync(luxonPath, "utf8");
  const jmespath = readFileSync(require.resolve("jmespath"), "utf8");
  cached = [
    "(function () {",
    "const luxon = (function () {",
    luxon,
    ";return luxon; })();",
    "const jmespath = {};",
    "(function (exports) {",
    jmespath,
    "})(jmespath);",
    "(function (luxon, jmespath) {",
    '"use strict";',
    preludeSource,
    hashSource,
    extensionsSource,
    runStoreSource,
    dataProxySource,
    expressionRuntimeSource,
    "})(luxon, jmespath);",
    "})();",
  ].join("\n");
  return cached;
}
