import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../run-cli";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

function file(doc: unknown, name = "wf.json"): string {
  const dir = mkdtempSync(join(tmpdir(), "bos-dry-"));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

let server: Server;
let base: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ price: 42 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, x: number) => ({ name, type, typeVersion, position: [x, 0], parameters });

/** Manual Trigger -> GET /price -> POST /orders (with a secret header) -> Set (reads the POST's output). */
function getThenPost() {
  return {
    name: "dry",
    nodes: [
      node("Start", "n8n-nodes-base.manualTrigger", 1, {}, 0),
      node("Get Price", "n8n-nodes-base.httpRequest", 4.2, { method: "GET", url: `${base}/price` }, 200),
      node(
        "Create Order",
        "n8n-nodes-base.httpRequest",
        4.2,
        {
          method: "POST",
          url: `${base}/orders`,
          sendHeaders: true,
          headerParameters: { parameters: [{ name: "Authorization", value: "Bearer s3cret" }, { name: "X-Trace", value: "t-1" }] },
          sendBody: true,
          contentType: "json",
          specifyBody: "json",
          jsonBody: "={{ JSON.stringify({ price: $json.price }) }}",
        },
        400,
      ),
      node("After", "n8n-nodes-base.set", 3.4, { assignments: { assignments: [{ id: "1", name: "wasSimulated", type: "boolean", value: "={{ $json.simulated }}" }] }, options: {} }, 600),
    ],
    connections: {
      Start: { main: [[{ node: "Get Price", type: "main", index: 0 }]] },
      "Get Price": { main: [[{ node: "Create Order", type: "main", index: 0 }]] },
      "Create Order": { main: [[{ node: "After", type: "main", index: 0 }]] },
    },
    settings: { executionOrder: "v1" },
  };
}

interface Printed {
  status: string;
  runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>>;
  simulatedEffects?: Array<{ node: string; runIndex: number; itemIndex: number; kind: string; details: { method: string; url: string; headers: Record<string, string>; body?: unknown } }>;
}

describe("wf run --dry-run", () => {
  it("sends the GET, never sends the POST, lists it as simulated with secrets masked, and runs downstream nodes on the simulation", async () => {
    const { io, out, err } = capture();
    expect(await runCli(["wf", "run", file(getThenPost()), "--dry-run", "--json"], io)).toBe(0);
    expect(err).toEqual([]);
    const printed = JSON.parse(out.join("\n")) as Printed;
    expect(printed.status).toBe("success");
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /price"]);
    expect(printed.simulatedEffects).toHaveLength(1);
    const [effect] = printed.simulatedEffects ?? [];
    expect(effect).toMatchObject({ node: "Create Order", runIndex: 0, itemIndex: 0, kind: "request", details: { method: "POST", url: `${base}/orders`, body: { kind: "json", value: { price: 42 } } } });
    expect(effect?.details.headers).toMatchObject({ authorization: "***", "x-trace": "t-1", "Idempotency-Key": expect.stringContaining(":Create Order:0") });
    expect(JSON.stringify(printed)).not.toContain("s3cret");
    expect(printed.runData.After?.[0]?.data?.main[0]?.[0]?.json).toEqual({ wasSimulated: true });
  });

  it("without --dry-run sends both requests", async () => {
    const { io } = capture();
    expect(await runCli(["wf", "run", file(getThenPost()), "--json"], io)).toBe(0);
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /price", "POST /orders"]);
  });

  it("uses pinned data in place of a node in a dry run", async () => {
    const { io, out } = capture();
    const doc = { ...getThenPost(), pinData: { "Get Price": [{ json: { price: 7 } }] } };
    expect(await runCli(["wf", "run", file(doc), "--dry-run", "--json"], io)).toBe(0);
    const printed = JSON.parse(out.join("\n")) as Printed;
    expect(received).toEqual([]);
    expect(printed.simulatedEffects?.[0]?.details.body).toEqual({ kind: "json", value: { price: 7 } });
  });
});

describe("wf run --from / --to", () => {
  it("runs from a middle node on the run data of an earlier run, without re-running its parents", async () => {
    const { io, out } = capture();
    const wf = file(getThenPost());
    expect(await runCli(["wf", "run", wf, "--to", "Get Price", "--json"], io)).toBe(0);
    const upTo = JSON.parse(out.join("\n")) as Printed;
    expect(Object.keys(upTo.runData)).toEqual(["Start", "Get Price"]);
    expect(received.map((r) => r.method)).toEqual(["GET"]);

    received.length = 0;
    const earlier = file(upTo, "run.json");
    const second = capture();
    expect(await runCli(["wf", "run", wf, "--from", "Create Order", "--run-data", earlier, "--dry-run", "--json"], second.io)).toBe(0);
    const partial = JSON.parse(second.out.join("\n")) as Printed;
    expect(received).toEqual([]);
    expect(Object.keys(partial.runData).sort()).toEqual(["After", "Create Order", "Get Price", "Start"]);
    expect(partial.simulatedEffects?.[0]?.details.body).toEqual({ kind: "json", value: { price: 42 } });
  });

  it("exits 2 naming the parent when --from has no run data for it", async () => {
    const { io, err } = capture();
    expect(await runCli(["wf", "run", file(getThenPost()), "--from", "Create Order"], io)).toBe(2);
    expect(err.join("\n")).toContain('no earlier run data for its parent "Get Price"');
  });
});
