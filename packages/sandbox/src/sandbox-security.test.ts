import { CodeExecutionError, ExpressionError } from "@bos/node-sdk";
import { SandboxPool } from "./sandbox-pool";
import type { EvaluationScope, ExecutionSandbox } from "./types";
import { chainInfo, recordChain, seedItems } from "./__fixtures__/workflow";

let pool: SandboxPool;

beforeAll(() => {
  pool = new SandboxPool({ poolSize: 1, memoryLimitMb: 32, cpuTimeoutMs: 200, codeTimeoutMs: 300, wallClockTimeoutMs: 1500, maxOutputBytes: 200_000, maxOutputDepth: 20 });
});
afterAll(async () => {
  await pool.close();
});

const scope: EvaluationScope = { node: "Code", runIndex: 0, inputs: [seedItems], source: [{ previousNode: "Seed" }], itemCount: 1 };

async function withSandbox(fn: (sandbox: ExecutionSandbox) => Promise<void>, from: SandboxPool = pool): Promise<void> {
  const sandbox = await from.createExecutionSandbox(chainInfo());
  recordChain(sandbox);
  try {
    await fn(sandbox);
  } finally {
    sandbox.dispose();
  }
}

const evalOne = async (sandbox: ExecutionSandbox, expression: string) => {
  const result = await sandbox.evaluate(scope, [expression]);
  return { value: result.values[0]?.[0], error: result.errors[0]?.[0] };
};

const runAll = async (sandbox: ExecutionSandbox, code: string) => {
  const result = await sandbox.runCode(scope, { code, mode: "runOnceForAllItems" });
  return result.mode === "runOnceForAllItems" ? result.value : undefined;
};

/** Proof that the sandbox still works after a failure. */
async function expectHealthy(sandbox: ExecutionSandbox): Promise<void> {
  expect((await evalOne(sandbox, "={{ $json.name + 1 }}")).value).toBe("Ada1");
  expect(await runAll(sandbox, "return [{ json: { n: $input.all().length } }];")).toEqual([{ json: { n: 3 } }]);
}

describe("sandbox escapes", () => {
  const probes = [
    "this.constructor.constructor('return process')()",
    "({}).constructor.constructor('return process')()",
    "[].map.constructor('return typeof process + typeof require + typeof global + typeof module')()",
    "(() => {}).constructor('return this')().process",
    "Object.getPrototypeOf(async function () {}).constructor('return process')()",
    "typeof require",
    "typeof process",
    "typeof globalThis.process",
    "typeof __bosEntries",
    "Object.getOwnPropertyNames(globalThis).filter((n) => /^(process|require|module|Buffer|global|ivm|__bos)$|^__bos/.test(n)).join(',')",
  ];

  it.each(probes)("expression %s sees nothing of the host", async (probe) => {
    await withSandbox(async (sandbox) => {
      const { value, error } = await evalOne(sandbox, `={{ ${probe} }}`);
      expect(error).toBeUndefined();
      expect([undefined, "undefined", "", "undefinedundefinedundefinedundefined"]).toContain(value);
    });
  });

  it("Code sees no host globals through constructors, prototypes, this or async functions", async () => {
    await withSandbox(async (sandbox) => {
      const value = await runAll(
        sandbox,
        [
          "const probes = {};",
          "const tryIt = (name, fn) => { try { probes[name] = String(fn()); } catch (e) { probes[name] = 'threw ' + e.name; } };",
          "tryIt('ctor', () => this.constructor.constructor('return typeof process')());",
          "tryIt('fnCtor', () => Function('return typeof require')());",
          "tryIt('asyncCtor', () => typeof (async () => {}).constructor);",
          "tryIt('global', () => typeof global + typeof globalThis.process + typeof Buffer);",
          "tryIt('stackTrace', () => { Error.prepareStackTrace = (e, s) => s.map((f) => typeof f.getThis()).join(); return new Error('x').stack; });",
          "tryIt('wasm', () => typeof WebAssembly + typeof SharedArrayBuffer + typeof Atomics);",
          "return [{ json: probes }];",
        ].join("\n"),
      );
      const probes = (value as Array<{ json: Record<string, string> }>)[0]?.json ?? {};
      expect(probes.ctor).toBe("undefined");
      expect(probes.fnCtor).toBe("undefined");
      expect(probes.global).toBe("undefinedundefinedundefined");
      expect(probes.wasm).toBe("undefinedundefinedundefined");
      expect(probes.stackTrace).not.toMatch(/process|require/);
    });
  });

  it("import() cannot load host modules", async () => {
    await withSandbox(async (sandbox) => {
      const value = await runAll(sandbox, "try { const fs = await import('fs'); return [{ json: { got: typeof fs } }]; } catch (e) { return [{ json: { failed: true } }]; }");
      expect(value).toEqual([{ json: { failed: true } }]);
    });
  });

  it("cannot replace the runtime's entry points or read another run's internals", async () => {
    await withSandbox(async (sandbox) => {
      await runAll(sandbox, "globalThis.JSON = { stringify: () => 'pwned', parse: () => ({}) };\nObject.prototype.polluted = 1;\nreturn [];");
      expect((await evalOne(sandbox, "={{ $json.name }}")).value).toBe("Ada");
    });
  });
});

describe("limits", () => {
  it("fails an infinite loop in an expression with WF_SANDBOX_TIMEOUT, and the next call works", async () => {
    await withSandbox(async (sandbox) => {
      const error = await sandbox.evaluate(scope, ["={{ (() => { while (true) {} })() }}"]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExpressionError);
      expect(error).toMatchObject({ code: "WF_SANDBOX_TIMEOUT" });
      await expectHealthy(sandbox);
    });
  });

  it("fails an infinite loop in Code with WF_SANDBOX_TIMEOUT, sync or async, and the next call works", async () => {
    await withSandbox(async (sandbox) => {
      await expect(runAll(sandbox, "while (true) {}")).rejects.toMatchObject({ code: "WF_SANDBOX_TIMEOUT" });
      await expectHealthy(sandbox);
      await expect(runAll(sandbox, "for (;;) { await null; }")).rejects.toMatchObject({ code: "WF_SANDBOX_TIMEOUT" });
      await expectHealthy(sandbox);
    });
  });

  it("stops an endless loop on the host thread within the synchronous budget: the event loop and other executions carry on", async () => {
    const other = await pool.createExecutionSandbox(chainInfo({ executionId: "other" }));
    recordChain(other);
    try {
      await withSandbox(async (sandbox) => {
        let ticks = 0;
        const ticker = setInterval(() => ticks++, 5);
        const loop = runAll(sandbox, "while (true) {}");
        // Started after the loop's synchronous attempt gave up: both run while the loop spins on its thread.
        const meanwhile = await runAll(other, "return [{ json: { n: $input.all().length } }];");
        expect(meanwhile).toEqual([{ json: { n: 3 } }]);
        await expect(loop).rejects.toMatchObject({ code: "WF_SANDBOX_TIMEOUT" });
        clearInterval(ticker);
        // codeTimeoutMs is 300 here: a loop run wholly on the host thread would leave no tick at all.
        expect(ticks).toBeGreaterThan(5);
        await expectHealthy(sandbox);
      });
    } finally {
      other.dispose();
    }
  });

  it("runs a call that outlives the synchronous budget again asynchronously, with the same result and state", async () => {
    await withSandbox(async (sandbox) => {
      await sandbox.evaluate(scope, ["={{ $execution.customData.set('k', 'v') }}"]);
      const busy = "const until = Date.now() + 60; while (Date.now() < until) {}\n";
      expect(await runAll(sandbox, busy + "return $('Seed').all().map((i) => ({ json: { n: i.json.name, k: $execution.customData.get('k') } }));")).toEqual([
        { json: { n: "Ada", k: "v" } },
        { json: { n: "Bob", k: "v" } },
        { json: { n: "Cy", k: "v" } },
      ]);
      const slow = await sandbox.evaluate(scope, ["={{ (() => { const until = Date.now() + 60; while (Date.now() < until) {} return $('Seed').item.json.name; })() }}"]);
      expect(slow.values[0]).toEqual(["Ada"]);
      await expectHealthy(sandbox);
    });
  });

  it("fails a promise that never settles at the wall-clock deadline, and the next call works", async () => {
    await withSandbox(async (sandbox) => {
      const error = await runAll(sandbox, "await new Promise(() => {});\nreturn [];").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodeExecutionError);
      expect(error).toMatchObject({ code: "WF_SANDBOX_TIMEOUT" });
      await expectHealthy(sandbox);
    });
  });

  it("fails a memory bomb with WF_SANDBOX_MEMORY_LIMIT, rebuilds the isolate and replays recorded runs", async () => {
    await withSandbox(async (sandbox) => {
      const error = await runAll(sandbox, "const a = [];\nwhile (true) a.push(new Array(100000).fill(1));").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodeExecutionError);
      expect(error).toMatchObject({ code: "WF_SANDBOX_MEMORY_LIMIT" });
      await expectHealthy(sandbox);
      expect((await evalOne(sandbox, "={{ $('Seed').item.json.name + $('Seed').all().length }}")).value).toBe("Ada3");
    });
  });

  it("fails a memory bomb in an expression without failing another execution", async () => {
    const other = await pool.createExecutionSandbox(chainInfo({ executionId: "other" }));
    recordChain(other);
    try {
      await withSandbox(async (sandbox) => {
        const bomb = sandbox.evaluate(scope, ["={{ (() => { const a = []; while (true) a.push(new Array(10000).fill(1)); })() }}"]);
        const meanwhile = other.evaluate(scope, ["={{ $json.name }}"]);
        await expect(bomb).rejects.toMatchObject({ code: expect.stringMatching(/WF_SANDBOX_(MEMORY_LIMIT|TIMEOUT)/) });
        expect((await meanwhile).values[0]).toEqual(["Ada"]);
        await expectHealthy(sandbox);
      });
      await expectHealthy(other);
    } finally {
      other.dispose();
    }
  });

  it("fails a huge output with WF_SANDBOX_OUTPUT_LIMIT, and the next call works", async () => {
    await withSandbox(async (sandbox) => {
      await expect(runAll(sandbox, "return [{ json: { big: 'x'.repeat(300000) } }];")).rejects.toMatchObject({ code: "WF_SANDBOX_OUTPUT_LIMIT" });
      await expect(sandbox.evaluate(scope, ["={{ 'x'.repeat(300000) }}"])).rejects.toMatchObject({ code: "WF_SANDBOX_OUTPUT_LIMIT" });
      await expectHealthy(sandbox);
    });
  });

  it("fails a deep or circular output with WF_SANDBOX_OUTPUT_LIMIT, and the next call works", async () => {
    await withSandbox(async (sandbox) => {
      await expect(runAll(sandbox, "let o = {};\nfor (let i = 0; i < 50; i++) o = { o };\nreturn [{ json: o }];")).rejects.toMatchObject({ code: "WF_SANDBOX_OUTPUT_LIMIT" });
      await expect(runAll(sandbox, "const o = {};\no.self = o;\nreturn [{ json: o }];")).rejects.toMatchObject({ code: "WF_SANDBOX_OUTPUT_LIMIT" });
      await expectHealthy(sandbox);
    });
  });
});

describe("run data kept in the isolate", () => {
  /** Twelve runs of 4,000 items (~1.3 MB of JSON each) recorded and read back, then two early ones again. */
  async function manyBigRuns(sandbox: ExecutionSandbox): Promise<void> {
    const big = Array.from({ length: 4000 }, (_, i) => ({ json: { i, text: "x".repeat(300) }, pairedItem: { item: 0 } }));
    for (let run = 0; run < 12; run++) {
      const items = big.map((item) => ({ ...item, json: { ...item.json, run } }));
      sandbox.recordNodeRun({ node: "Seed", runIndex: run, source: [{ previousNode: "Start" }], outputs: [items] });
      const result = await sandbox.evaluate({ node: "Sort", runIndex: run, inputs: [items], source: [{ previousNode: "Seed", previousNodeRun: run }], itemCount: 1 }, [
        "={{ $input.item.json.run + '/' + $input.all().length }}",
      ]);
      expect(result.values[0]?.[0]).toBe(`${run}/4000`);
    }
    const early = await sandbox.evaluate({ ...scope, node: "Sort" }, ["={{ $('Seed').all(0, 1)[5].json.run + $('Seed').all(0, 11)[5].json.run }}"]);
    expect(early.values[0]?.[0]).toBe(12);
  }

  it("forgets old runs beyond its budget and ships them again when an expression needs them", async () => {
    await withSandbox(manyBigRuns);
  });

  it("holds one copy of the runs when a call stopped over the synchronous budget runs again (no out-of-memory near the limit)", async () => {
    // A 1 ms budget stops these calls, as CPU contention did with the default 20 ms: the retry ships the runs
    // again, and the runtime must not still hold the stopped call's copies (it did: out of memory at 32 MB).
    const stopping = new SandboxPool({ poolSize: 1, memoryLimitMb: 32, cpuTimeoutMs: 2000, wallClockTimeoutMs: 5000, syncBudgetMs: 1 });
    try {
      await withSandbox(manyBigRuns, stopping);
    } finally {
      await stopping.close();
    }
  });
});

describe("isolation between executions", () => {
  it("gives each execution a fresh context: globals, prototypes and custom data do not leak", async () => {
    await withSandbox(async (first) => {
      await runAll(first, "globalThis.secret = 'tenant-a';\nString.prototype.leak = () => 'leaked';\n$execution.customData.set('k', 'a');\nreturn [];");
      expect((await evalOne(first, "={{ globalThis.secret }}")).value).toBe("tenant-a");
      await withSandbox(async (second) => {
        expect((await evalOne(second, "={{ typeof globalThis.secret }}")).value).toBe("undefined");
        expect((await evalOne(second, "={{ typeof 'x'.leak }}")).value).toBe("undefined");
        expect((await evalOne(second, "={{ $execution.customData.get('k') }}")).value).toBeUndefined();
      });
    });
  });

  it("gives an execution that reuses a finished execution's isolate a brand-new context", async () => {
    const reusing = new SandboxPool({ poolSize: 1, isolateReuse: 10 });
    try {
      await reusing.warmUp();
      const first = await reusing.createExecutionSandbox(chainInfo({ executionId: "a" }));
      recordChain(first);
      await runAll(first, "globalThis.secret = 'tenant-a';\nObject.prototype.leak = 1;\n$execution.customData.set('k', 'a');\nreturn [];");
      first.dispose();
      await reusing.warmUp();
      expect(reusing.stats().recycled).toBe(1);
      const second = await reusing.createExecutionSandbox(chainInfo({ executionId: "b" }));
      try {
        const seen = await second.evaluate(scope, ["={{ typeof globalThis.secret }}", "={{ ({}).leak }}", "={{ $execution.customData.get('k') }}", "={{ $('Seed').isExecuted }}"]);
        expect(seen.values.map((v) => v[0])).toEqual(["undefined", undefined, undefined, false]);
      } finally {
        second.dispose();
      }
    } finally {
      await reusing.close();
    }
  });

  it("never reuses an isolate that hit its memory limit", async () => {
    const reusing = new SandboxPool({ poolSize: 1, isolateReuse: 10, memoryLimitMb: 32 });
    try {
      await reusing.warmUp();
      const bomb = await reusing.createExecutionSandbox(chainInfo());
      await expect(runAll(bomb, "const a = [];\nwhile (true) a.push(new Array(100000).fill(1));")).rejects.toMatchObject({ code: "WF_SANDBOX_MEMORY_LIMIT" });
      bomb.dispose();
      await reusing.warmUp();
      expect(reusing.stats().recycled).toBe(0);
      // A sandbox whose isolate was replaced after the bomb gives back the healthy replacement only.
      const recovering = await reusing.createExecutionSandbox(chainInfo());
      recordChain(recovering);
      await expect(runAll(recovering, "const a = [];\nwhile (true) a.push(new Array(100000).fill(1));")).rejects.toMatchObject({ code: "WF_SANDBOX_MEMORY_LIMIT" });
      await expectHealthy(recovering);
      recovering.dispose();
      await reusing.warmUp();
      expect(reusing.stats().recycled).toBe(1);
    } finally {
      await reusing.close();
    }
  });

  it("does not show one execution's recorded node runs to another", async () => {
    const first = await pool.createExecutionSandbox(chainInfo({ executionId: "a" }));
    const second = await pool.createExecutionSandbox(chainInfo({ executionId: "b" }));
    try {
      recordChain(first);
      expect((await evalOne(first, "={{ $('Seed').first().json.name }}")).value).toBe("Ada");
      const seen = await evalOne(second, "={{ $('Seed').first().json.name }}");
      expect(seen.error?.message).toBe("Referenced node is unexecuted");
    } finally {
      first.dispose();
      second.dispose();
    }
  });

  it("refuses calls after dispose", async () => {
    const sandbox = await pool.createExecutionSandbox(chainInfo());
    sandbox.dispose();
    await expect(sandbox.evaluate(scope, ["={{ 1 }}"])).rejects.toMatchObject({ code: "WF_SANDBOX_DISPOSED" });
  });
});
