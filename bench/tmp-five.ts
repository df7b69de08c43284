import { WorkflowEngine } from "@bos/engine";
import { createBuiltinRegistry } from "@bos/nodes";
import { SandboxPool } from "@bos/sandbox";
import { IsolateHandle } from "../packages/sandbox/src/isolate-handle";
const registry = createBuiltinRegistry();
const pool = new SandboxPool({ poolSize: 4 });
const engine = new WorkflowEngine({ registry, sandboxPool: pool });
const set = (name: string, field: string, value: unknown, type: string) => ({ name, type: "n8n-nodes-base.set", typeVersion: 3.4, parameters: { mode: "manual", includeOtherFields: true, options: {}, assignments: { assignments: [{ id: "a0", name: field, value, type }] } } });
const nodes: any[] = [
  { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, parameters: {} },
  set("Tag", "tag", "={{ $json.name + '!' }}", "string"),
  { name: "If", type: "n8n-nodes-base.if", typeVersion: 2, parameters: { conditions: { options: { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 }, combinator: "and", conditions: [{ id: "c1", leftValue: "={{ $json.score }}", rightValue: -1, operator: { type: "number", operation: "gt" } }] }, options: {} } },
  { name: "Code", type: "n8n-nodes-base.code", typeVersion: 2, parameters: { jsCode: "for (const item of $input.all()) item.json.seen = true;\nreturn $input.all();" } },
  set("Final", "done", true, "boolean"),
  { name: "End", type: "n8n-nodes-base.noOp", typeVersion: 1, parameters: {} },
].map((n, i) => ({ ...n, id: `n${i}`, position: [i * 200, 0] }));
const connections: any = {};
for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: "main", index: 0 }]] };
const doc: any = { name: "five", nodes, connections, settings: { executionOrder: "v1" } };
const payload = (i: number) => [{ json: { id: i, name: `customer ${i}`, score: i % 100, email: `c${i}@example.com`, notes: "x".repeat(800), tags: ["a", "b", "c"] } }];
const variant = process.env.VARIANT ?? "five";
const noop: any = { ...doc, nodes: doc.nodes.map((n: any, i: number) => i === 0 ? n : { ...n, type: "n8n-nodes-base.noOp", typeVersion: 1, parameters: {} }) };
const d = variant === "noop" ? noop : doc;
const calls: Record<string, number> = {};
const proto = (IsolateHandle as any).prototype;
const orig = proto.callBlocking;
proto.callBlocking = function (kind: string, args: string[], budget: number) { calls[kind] = (calls[kind] ?? 0) + 1; if (process.env.DUMP && !(globalThis as any)['d'+kind]) { (globalThis as any)['d'+kind] = 1; require('fs').writeFileSync('/tmp/exp/args-'+kind+'.json', JSON.stringify(args)); } return orig.call(this, kind, args, budget); };
const origCreate = (IsolateHandle as any).create;
(IsolateHandle as any).create = function (...a: any[]) { calls.create = (calls.create ?? 0) + 1; return origCreate.apply(this, a); };
const origRecycle = proto.recycle;
proto.recycle = async function (...a: any[]) { const r = await origRecycle.apply(this, a); calls[r ? 'recycled' : 'discarded'] = (calls[r ? 'recycled' : 'discarded'] ?? 0) + 1; return r; };
async function main() {
  await pool.warmUp();
  const N = Number(process.env.N ?? 3000);
  for (let r = 0; r < 4; r++) {
    for (const k of Object.keys(calls)) delete calls[k];
    const cpu = process.cpuUsage(); const t0 = performance.now();
    for (let i = 0; i < N; i++) { const res = await engine.run(d, { triggerItems: payload(i) }); if (res.status !== "success") throw new Error(JSON.stringify(res.error)); }
    const u = process.cpuUsage(cpu);
    console.log(variant, "exec/s", (N * 1000 / (performance.now() - t0)).toFixed(0), "cpu ms/exec", ((u.user + u.system) / N / 1000).toFixed(3), "calls/exec", JSON.stringify(Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, v / N]))));
  }
  await pool.close();
}
main();
