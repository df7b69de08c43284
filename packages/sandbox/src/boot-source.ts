/// <reference path="./isojs.d.ts" />
// The reference makes `*.isojs` imports type-check in every program that includes this file (apps, cli, bench).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import dataProxySource from "./runtime/data-proxy.isojs";
import expressionRuntimeSource from "./runtime/expression-runtime.isojs";
import extensionsSource from "./runtime/extensions.isojs";
import hashSource from "./runtime/hash.isojs";
import runStoreSource from "./runtime/run-store.isojs";
import preludeSource from "./runtime/prelude.isojs";

let core: string | undefined;

/**
 * The core runtime every context has: our runtime files, all inside one function scope, so that only
 * what the runtime puts on `globalThis` on purpose (the DateTime/Duration/Interval placeholders and the
 * entry point the host removes at once) is visible to user code. It is baked into the isolate's
 * startup snapshot, so a new context starts with it already run.
 */
export function coreSource(): string {
  core ??= ["(function () {", '"use strict";', preludeSource, hashSource, extensionsSource, runStoreSource, dataProxySource, expressionRuntimeSource, "})();"].join("\n");
  return core;
}

/** Libraries loaded into a context only when a call can reach them (see runtime-needs.ts). */
export type RuntimeModule = "luxon" | "jmespath";

const moduleSources = new Map<RuntimeModule, string>();

/**
 * A module's script: it leaves the library on `globalThis.__bos_<name>`, which the runtime takes and
 * deletes at the start of the next call, before any user code runs. Luxon's browser build was most of
 * what booting a context used to cost; neither library works from a startup snapshot.
 */
export function moduleSource(name: RuntimeModule): string {
  let source = moduleSources.get(name);
  if (source === undefined) {
    if (name === "luxon") {
      // luxon's exports map hides the build folder, so go through its package.json.
      const path = join(dirname(require.resolve("luxon/package.json")), "build", "global", "luxon.min.js");
      source = ["globalThis.__bos_luxon = (function () {", readFileSync(path, "utf8"), ";return luxon; })();"].join("\n");
    } else {
      source = ["globalThis.__bos_jmespath = (function () { const exports = {};", readFileSync(require.resolve("jmespath"), "utf8"), ";return exports; })();"].join("\n");
    }
    moduleSources.set(name, source);
  }
  return source;
}
