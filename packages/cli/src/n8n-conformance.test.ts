import { reduceRunData, type RunResult } from "@bos/engine";
import { loadN8nCases } from "@bos/testing";
import { WorkflowDocumentSchema } from "@bos/workflow-schema";
import { createLocalEngine, type LocalEngine } from "./local-engine";

/**
 * The n8n conformance suite (shared/n8n/cases): every case runs through the real engine, sandbox and
 * built-in nodes, is reduced as cases/README.md says, and must match what n8n recorded: the status,
 * the exact order of node runs, and per node every run's status and every output's item json (key
 * order ignored); for failing cases, also the failing node.
 */
describe("n8n conformance cases", () => {
  let local: LocalEngine;
  beforeAll(() => {
    local = createLocalEngine();
  });
  afterAll(async () => {
    await local.close();
  });

  for (const testCase of loadN8nCases()) {
    it(`matches n8n on ${testCase.name}`, async () => {
      const doc = WorkflowDocumentSchema.parse(testCase.workflow);
      const result: RunResult = await local.engine.run(doc, { mode: "cli", executionId: `case-${testCase.name}` });
      const reduced = reduceRunData(result.status, result.runData);
      const expected = testCase.expected;
      expect({ status: reduced.status, order: reduced.order }).toEqual({ status: expected.status, order: expected.order });
      expect(reduced.nodes).toEqual(expected.nodes);
      if (expected.status === "error") {
        const failing = Object.entries(expected.nodes).find(([, runs]) => runs.some((run) => run.error === true))?.[0];
        expect(result.error?.node).toBe(failing);
        expect(result.lastNodeExecuted).toBe(failing);
      }
    });
  }
});
