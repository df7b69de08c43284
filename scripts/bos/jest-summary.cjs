// The one line `./bos test` ends with, computed from jest's --json results.
"use strict";
const { existsSync, readFileSync } = require("node:fs");

/**
 * "N passed, N failed". Suites that failed to run at all (syntax error, failing beforeAll outside tests)
 * count as failed too: they hide tests that never ran; so does a run that `lingered` (jest did not exit
 * after writing its results: something a test opened was never closed).
 */
function summarize(results, { lingered = false } = {}) {
  if (!results) return { line: "0 passed, 1 failed", ok: false };
  const passed = Number(results.numPassedTests ?? 0);
  // A run that did not end by itself (a test left a connection, server or timer open) counts one failure.
  const failed = Number(results.numFailedTests ?? 0) + Number(results.numRuntimeErrorTestSuites ?? 0) + (lingered ? 1 : 0);
  const ok = failed === 0 && results.success !== false;
  return { line: `${passed} passed, ${ok ? failed : Math.max(failed, 1)} failed`, ok };
}

/** Reads jest's --outputFile; undefined when jest wrote none (it crashed before running tests). */
function readResults(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // a truncated file means jest died mid-write: report as no results
    return undefined;
  }
}

module.exports = { summarize, readResults };
