// bench/engine: the engine's five performance targets (issue 4), with the real engine, sandbox and
// built-in nodes. Bundle and run:
//   node scripts/bundle.mjs bench/engine.ts bench/dist/engine.js && node --no-node-snapshot bench/dist/engine.js
// (or `pnpm --filter @bos/bench run bench:engine`). Prints one table row per target.
import { performance } from "node:perf_hooks";
import os from "node:os";
import { WorkflowEngine, type RunResult } from "@bos/engine";
import type { Item } from "@bos/node-sdk";
import { createBuiltinRegistry } from "@bos/nodes";
import { SandboxPool } from "@bos/sandbox";
import type { WorkflowDocument, WorkflowNode } from "@bos/workflow-schema";

const registry = createBuiltinRegistry();
const pool = new SandboxPool({ poolSize: 4 });
// Time spent inside sandbox calls, so each figure splits into engine + node code and sandbox.
let sandboxMs = 0;
let sandboxCalls: number[] = [];
const timed = async <T>(call: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  try {
    return await call();
  } finally {
    const ms = performance.now() - t0;
    sandboxMs += ms;
    sandboxCalls.push(ms);
  }
};
const sandboxPool = {
  async acquire(info: Parameters<SandboxPool["acquire"]>[0]) {
    const sandbox = await pool.acquire(info);
    return {
      recordNodeRun: (run: Parameters<typeof sandbox.recordNodeRun>[0]) => sandbox.recordNodeRun(run),
      evaluate: (scope: Parameters<typeof sandbox.evaluate>[0], expressions: readonly string[]) => timed(() => sandbox.evaluate(scope, expressions)),
      runCode: (scope: Parameters<typeof sandbox.runCode>[0], options: Parameters<typeof sandbox.runCode>[1]) => timed(() => sandbox.runCode(scope, options)),
      dispose: () => sandbox.dispose(),
    };
  },
};
const engine = new WorkflowEngine({ registry, sandboxPool, clock: { now: () => performance.now() } });

// (Pick, not Omit: WorkflowNode has an index signature, which Omit would keep alone.)
type Spec = Pick<WorkflowNode, "name" | "type" | "typeVersion" | "parameters"> & Partial<Pick<WorkflowNode, "disabled" | "executeOnce" | "alwaysOutputData" | "onError" | "retryOnFail" | "maxTries" | "waitBetweenTries" | "notes">>;
function chain(specs: Spec[]): WorkflowDocument {
  const nodes = specs.map((s, i) => ({ ...s, position: [i * 200, 0] as [number, number] }));
  const connections: WorkflowDocument["connections"] = {};
  for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i]!.name] = { main: [[{ node: nodes[i + 1]!.name, type: "main", index: 0 }]] };
  return { name: "bench", nodes, connections, settings: { executionOrder: "v1" } };
}
const trigger: Spec = { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, parameters: {} };
const set = (name: string, assignments: Array<[string, unknown, string]>): Spec => ({
  name,
  type: "n8n-nodes-base.set",
  typeVersion: 3.4,
  parameters: { mode: "manual", includeOtherFields: true, options: {}, assignments: { assignments: assignments.map(([n, value, type], i) => ({ id: `a${i}`, name: n, value, type })) } },
});
const code = (name: string, jsCode: string): Spec => ({ name, type: "n8n-nodes-base.code", typeVersion: 2, parameters: { jsCode } });
const noOp = (name: string): Spec => ({ name, type: "n8n-nodes-base.noOp", typeVersion: 1, parameters: {} });
const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ json: { id: i, name: `user ${i}`, score: i % 100, email: `u${i}@example.com` } }));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
function check(result: RunResult): RunResult {
  if (result.status !== "success") throw new Error(`run ${result.status}: ${result.error?.message ?? ""} (${result.error?.node ?? ""})`);
  return result;
}
const taskTime = (result: RunResult, node: string) => result.runData[node]?.[0]?.executionTime ?? Number.NaN;

interface Row { target: string; measured: string; limit: string; ok: boolean | undefined }
const rows: Row[] = [];
// BENCH_ONLY=text runs only the rows whose target contains that text (quick iteration on one figure).
const only = process.env.BENCH_ONLY;
async function measure(target: string, limit: string, fn: () => Promise<{ measured: string; ok: boolean | undefined }>): Promise<void> {
  if (only && !target.includes(only)) return;
  try {
    const { measured, ok } = await fn();
    rows.push({ target, measured, limit, ok });
  } catch (error) {
    rows.push({ target, measured: `n/a: ${error instanceof Error ? error.message : String(error)}`, limit, ok: undefined });
  }
}

const fiveNodeIf: Spec = {
  name: "If",
  type: "n8n-nodes-base.if",
  typeVersion: 2.2,
  parameters: { conditions: { options: { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 }, combinator: "and", conditions: [{ id: "c1", leftValue: "={{ $json.score }}", rightValue: -1, operator: { type: "number", operation: "gt" } }] }, options: {} },
};

async function main(): Promise<void> {
  await pool.warmUp();

  // First, so that RSS growth is not hidden by memory earlier benchmarks already took.
  await measure("10,000 items through Set -> If -> Code -> Set -> NoOp", "<= 1 s, RSS +<= 200 MB", async () => {
    const ifNode: Spec = {
      name: "If",
      type: "n8n-nodes-base.if",
      typeVersion: 2.2,
      parameters: { conditions: { options: { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 }, combinator: "and", conditions: [{ id: "c1", leftValue: "={{ $json.score }}", rightValue: -1, operator: { type: "number", operation: "gt" } }] }, options: {} },
    };
    const doc = chain([trigger, set("Tag", [["tag", "={{ $json.name + '!' }}", "string"]]), ifNode, code("Code", "for (const item of $input.all()) item.json.seen = true;\nreturn $input.all();"), set("Final", [["done", true, "boolean"]]), noOp("End")]);
    const input = items(10_000);
    check(await engine.run(doc, { triggerItems: items(100) }));
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const t0 = performance.now();
    const result = check(await engine.run(doc, { triggerItems: input }));
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - baseline) / 1024 / 1024;
    const out = result.runData.End?.[0]?.data?.main[0]?.length;
    if (out !== 10_000) throw new Error(`expected 10,000 items at the end, got ${out}`);
    return { measured: `${ms.toFixed(0)} ms, RSS +${growthMb.toFixed(0)} MB`, ok: ms <= 1000 && growthMb <= 200 };
  });

  // Issue 5's workflow (about 1 KB of JSON, one item) run many times in one process: what a single worker
  // process can sustain in engine + sandbox alone. CPU is the process's (all threads, isolates and pool
  // upkeep included) per execution; the machine is shared, so CPU is the steadier figure. Best of 3 rounds.
  const fiveNodeDoc = chain([trigger, set("Tag", [["tag", "={{ $json.name + '!' }}", "string"]]), fiveNodeIf, code("Code", "for (const item of $input.all()) item.json.seen = true;\nreturn $input.all();"), set("Final", [["done", true, "boolean"]]), noOp("End")]);
  const fiveNodePayload = (i: number): Item[] => [{ json: { id: i, name: `customer ${i}`, score: i % 100, email: `c${i}@example.com`, notes: "x".repeat(800), tags: ["a", "b", "c"] } }];
  for (const inFlight of [1, 8]) {
    await measure(`five-node workflow, ${inFlight === 1 ? "sequential" : `${inFlight} in flight`}: executions/s in one process, CPU per execution`, ">= 1,000/s; CPU <= 1 ms", async () => {
      const total = 2000;
      const round = async () => {
        let next = 0;
        const worker = async () => {
          while (next < total) {
            const i = next++;
            const result = check(await engine.run(fiveNodeDoc, { triggerItems: fiveNodePayload(i) }));
            if (result.runData.End?.[0]?.data?.main[0]?.[0]?.json.seen !== true) throw new Error("the Code node's change did not reach End");
          }
        };
        sandboxMs = 0;
        const cpu = process.cpuUsage();
        const t0 = performance.now();
        await Promise.all(Array.from({ length: inFlight }, worker));
        const ms = performance.now() - t0;
        const used = process.cpuUsage(cpu);
        return { perSecond: (total * 1000) / ms, cpuUs: (used.user + used.system) / total, sandboxUs: (sandboxMs * 1000) / total };
      };
      await round(); // warm-up: JIT, pool, isolates recycled at least once
      const results = [await round(), await round(), await round()];
      const best = results.reduce((a, b) => (b.cpuUs < a.cpuUs ? b : a));
      const fastest = Math.max(...results.map((r) => r.perSecond));
      return {
        measured: `${fastest.toFixed(0)}/s, CPU ${(best.cpuUs / 1000).toFixed(2)} ms/exec (in sandbox calls ${(best.sandboxUs / 1000).toFixed(2)} ms wall)`,
        ok: fastest >= 1000 && best.cpuUs <= 1000,
      };
    });
  }

  // What the sandbox rule (a fresh context for every execution, issue 4) costs here: the same sequential loop
  // with ONE sandbox (one context) shared by every execution. Measurement only: the product never does this.
  await measure("five-node workflow, sequential, one context shared by all executions (not allowed in the product): CPU per execution", "informational", async () => {
    let shared: Awaited<ReturnType<SandboxPool["acquire"]>> | undefined;
    const sharedPool = {
      async acquire(info: Parameters<SandboxPool["acquire"]>[0]) {
        shared ??= await pool.acquire(info);
        const sandbox = shared;
        return { recordNodeRun: sandbox.recordNodeRun.bind(sandbox), evaluate: sandbox.evaluate.bind(sandbox), runCode: sandbox.runCode.bind(sandbox), dispose: () => undefined };
      },
    };
    const sharedEngine = new WorkflowEngine({ registry, sandboxPool: sharedPool, clock: { now: () => performance.now() } });
    const total = 2000;
    const round = async () => {
      const cpu = process.cpuUsage();
      for (let i = 0; i < total; i++) {
        const result = check(await sharedEngine.run(fiveNodeDoc, { triggerItems: fiveNodePayload(i) }));
        if (result.runData.End?.[0]?.data?.main[0]?.[0]?.json.seen !== true) throw new Error("the Code node's change did not reach End");
      }
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / total;
    };
    await round();
    const best = Math.min(await round(), await round(), await round());
    shared?.dispose();
    return { measured: `CPU ${(best / 1000).toFixed(2)} ms/exec (compare the sequential row: the difference is the fresh context and its cold first calls)`, ok: undefined };
  });

  await measure("engine overhead per node run (100 Set nodes, 1 item)", "<= 50 us", async () => {
    const doc = chain([trigger, ...Array.from({ length: 100 }, (_, i) => set(`Set ${i}`, [["step", i, "number"]]))]);
    for (let i = 0; i < 5; i++) check(await engine.run(doc));
    const perNode: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      check(await engine.run(doc));
      perNode.push(((performance.now() - t0) * 1000) / 101);
    }
    const us = median(perNode);
    return { measured: `${us.toFixed(1)} us (best ${Math.min(...perNode).toFixed(1)})`, ok: us <= 50 };
  });

  await measure("Set with 3 expressions over 10,000 items", "<= 50 ms", async () => {
    const doc = chain([trigger, set("Set", [["upper", "={{ $json.name.toUpperCase() }}", "string"], ["double", "={{ $json.score * 2 }}", "number"], ["domain", "={{ $json.email.split('@')[1] }}", "string"]])]);
    const input = items(10_000);
    const times: number[] = [];
    const inSandbox: number[] = [];
    for (let i = 0; i < 7; i++) {
      sandboxMs = 0;
      times.push(taskTime(check(await engine.run(doc, { triggerItems: input })), "Set"));
      inSandbox.push(sandboxMs);
    }
    const ms = median(times.slice(2));
    return { measured: `${ms.toFixed(1)} ms (best ${Math.min(...times).toFixed(1)}; sandbox ${median(inSandbox.slice(2)).toFixed(1)})`, ok: ms <= 50 };
  });

  // Medians are the figures; "best" shows what the machine gives without contention from other processes.
// Warm: the execution's sandbox already exists (the first Code node of each run pays for it), so
  // this is the cost of one more Code node run: engine, crossing into the isolate and back.
  await measure("warm Code node call (1 item), p50", "<= 100 us", async () => {
    const doc = chain([trigger, ...Array.from({ length: 21 }, (_, i) => code(`Code ${i}`, "return $input.all();"))]);
    for (let i = 0; i < 5; i++) check(await engine.run(doc));
    const times: number[] = [];
    sandboxCalls = [];
    for (let i = 0; i < 20; i++) {
      const result = check(await engine.run(doc));
      for (let n = 1; n <= 20; n++) times.push(taskTime(result, `Code ${n}`) * 1000);
    }
    const us = median(times);
    return { measured: `${us.toFixed(1)} us (runCode p50 ${(median(sandboxCalls) * 1000).toFixed(0)} us)`, ok: us <= 100 };
  });

  await measure("sub-workflow call overhead (Execute Workflow, inline)", "<= 1 ms", async () => {
    const sub = chain([{ name: "In", type: "n8n-nodes-base.executeWorkflowTrigger", typeVersion: 1.1, parameters: { inputSource: "passthrough" } }, noOp("Sub End")]);
    const call: Spec = { name: "Call", type: "n8n-nodes-base.executeWorkflow", typeVersion: 1.2, parameters: { source: "parameter", workflowJson: JSON.stringify(sub), mode: "once", options: {} } };
    const withCall = chain([trigger, call]);
    const without = chain([trigger, noOp("Call")]);
    for (let i = 0; i < 10; i++) {
      check(await engine.run(withCall));
      check(await engine.run(without));
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 100; i++) {
      a.push(taskTime(check(await engine.run(withCall)), "Call"));
      b.push(taskTime(check(await engine.run(without)), "Call"));
    }
    const ms = median(a) - median(b);
    return { measured: `${ms.toFixed(3)} ms`, ok: ms <= 1 };
  });

  // Issue 7: concurrent branches (Parallel -> N waits of 100 ms -> Join; waits slept in-process) and dry runs.
  const waitEngine = new WorkflowEngine({ registry, sandboxPool, inProcessWaitMs: 60_000 });
  for (const n of [2, 8, 32]) {
    await measure(`concurrent branches: ${n} x 100 ms wait (Parallel -> Join)`, `< 200 ms (sequential ${n * 100} ms)`, async () => {
      const nodes: WorkflowNode[] = [
        { ...trigger, position: [0, 0] },
        { name: "Parallel", type: "bos.parallel", typeVersion: 1, position: [200, 0], parameters: { branches: n } },
        { name: "Join", type: "bos.join", typeVersion: 1, position: [600, 0], parameters: { inputs: n } },
      ];
      const connections: WorkflowDocument["connections"] = { Start: { main: [[{ node: "Parallel", type: "main", index: 0 }]] }, Parallel: { main: [] } };
      for (let b = 0; b < n; b++) {
        nodes.push({ name: `Wait ${b}`, type: "bos.wait", typeVersion: 1, position: [400, b * 100], parameters: { mode: "duration", amount: 100, unit: "milliseconds" } });
        connections.Parallel!.main!.push([{ node: `Wait ${b}`, type: "main", index: 0 }]);
        connections[`Wait ${b}`] = { main: [[{ node: "Join", type: "main", index: b }]] };
      }
      const doc: WorkflowDocument = { name: "bench parallel", nodes, connections, settings: { executionOrder: "v1" } };
      const walls: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const result = check(await waitEngine.run(doc));
        walls.push(performance.now() - t0);
        if (result.runData.Join?.[0]?.data?.main[0]?.length !== n) throw new Error("join lost items");
      }
      const ms = median(walls);
      return { measured: `${ms.toFixed(1)} ms (best ${Math.min(...walls).toFixed(1)})`, ok: ms < 200 };
    });
  }

  await measure("dry-run overhead: 5 Set nodes, 1,000 items (dry vs normal)", "informational", async () => {
    const doc = chain([trigger, ...[1, 2, 3, 4, 5].map((k) => set(`Set ${k}`, [[`f${k}`, k, "number"]]))]);
    const input = items(1000);
    const normal: number[] = [];
    const dry: number[] = [];
    for (let i = 0; i < 40; i++) {
      // Alternate which goes first, so neither gains from the other warming caches.
      for (const mode of i % 2 === 0 ? (["manual", "dry-run"] as const) : (["dry-run", "manual"] as const)) {
        const t0 = performance.now();
        check(await engine.run(doc, { triggerItems: input, mode }));
        if (i >= 10) (mode === "dry-run" ? dry : normal).push(performance.now() - t0);
      }
    }
    const [a, b] = [median(normal), median(dry)];
    return { measured: `${b.toFixed(2)} vs ${a.toFixed(2)} ms (${(((b - a) / a) * 100).toFixed(1)}%)`, ok: undefined };
  });

  await measure("dry-run vs normal: POST to a loopback server (HTTP Request)", "informational", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}')));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const post: Spec = { name: "POST", type: "n8n-nodes-base.httpRequest", typeVersion: 4.2, parameters: { method: "POST", url: `http://127.0.0.1:${port}/hook`, sendBody: true, specifyBody: "json", jsonBody: '{"a":1}', options: {} } };
      const doc = chain([trigger, post, noOp("After")]);
      const normal: number[] = [];
      const dry: number[] = [];
      for (let i = 0; i < 25; i++) {
        let t0 = performance.now();
        check(await engine.run(doc));
        if (i >= 5) normal.push(performance.now() - t0);
        t0 = performance.now();
        const result = check(await engine.run(doc, { mode: "dry-run" }));
        if (i >= 5) dry.push(performance.now() - t0);
        if ((result.simulatedEffects?.length ?? 0) !== 1) throw new Error("the POST was not simulated");
      }
      return { measured: `${median(dry).toFixed(2)} vs ${median(normal).toFixed(2)} ms`, ok: undefined };
    } finally {
      server.close();
    }
  });
  waitEngine.close();

  const width = Math.max(...rows.map((r) => r.target.length));
  const mWidth = Math.max(...rows.map((r) => r.measured.length), 8);
  process.stdout.write(`engine benchmark on ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}\n\n`);
  process.stdout.write(`${"target".padEnd(width)}  ${"measured".padEnd(mWidth)}  limit                   ok\n`);
  for (const r of rows) process.stdout.write(`${r.target.padEnd(width)}  ${r.measured.padEnd(mWidth)}  ${r.limit.padEnd(22)}  ${r.ok === undefined ? "-" : r.ok ? "yes" : "NO"}\n`);
  await pool.close();
  engine.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
