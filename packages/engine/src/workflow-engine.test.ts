import { attempts } from "./__fixtures__/test-nodes";
import { json, order, seed, setup } from "./__fixtures__/engine-setup";
import { workflow } from "./__fixtures__/workflow";
import { reduceRunData } from "./reduce-run-data";

describe("WorkflowEngine: execution order", () => {
  const fork = (executionOrder: "v0" | "v1") =>
    workflow(
      {
        Start: { type: "test.trigger" },
        Seed: seed([{ v: 1 }]),
        Bottom: { type: "test.noop", position: [400, 250] },
        Top: { type: "test.noop", position: [400, -250] },
        Middle: { type: "test.noop", position: [400, 0] },
        "Top 2": { type: "test.noop", position: [600, -250] },
        "Middle 2": { type: "test.noop", position: [600, 0] },
        "Bottom 2": { type: "test.noop", position: [600, 250] },
      },
      ["Start -> Seed", "Seed -> Bottom", "Seed -> Top", "Seed -> Middle", "Top -> Top 2", "Middle -> Middle 2", "Bottom -> Bottom 2"],
      { executionOrder },
    );

  it("runs v1 depth-first, taking branches top to bottom by canvas position", async () => {
    const { engine } = setup();
    const result = await engine.run(fork("v1"));
    expect(result.status).toBe("success");
    expect(order(result)).toEqual(["Start", "Seed", "Top", "Top 2", "Middle", "Middle 2", "Bottom", "Bottom 2"]);
  });

  it("runs v0 breadth-first in connection order", async () => {
    const { engine } = setup();
    const result = await engine.run(fork("v0"));
    expect(order(result)).toEqual(["Start", "Seed", "Bottom", "Top", "Middle", "Bottom 2", "Top 2", "Middle 2"]);
  });

  it("treats a missing executionOrder as v0", async () => {
    const { engine } = setup();
    const doc = fork("v1");
    delete doc.settings;
    expect(order(await engine.run(doc))).toEqual(["Start", "Seed", "Bottom", "Top", "Middle", "Bottom 2", "Top 2", "Middle 2"]);
  });

  it("numbers runs with executionIndex in run order", async () => {
    const { engine } = setup();
    const result = await engine.run(fork("v1"));
    expect(result.runData["Top 2"]?.[0]?.executionIndex).toBe(3);
    expect(result.runData["Bottom 2"]?.[0]?.executionIndex).toBe(7);
  });

  it("does not run children of an empty output and leaves them no record", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ ok: true }]), If: { type: "test.if" }, Yes: { type: "test.noop" }, No: { type: "test.noop" } }, [
      "Start -> Seed",
      "Seed -> If",
      "If -> Yes",
      "If:1 -> No",
    ]);
    const result = await engine.run(doc);
    expect(order(result)).toEqual(["Start", "Seed", "If", "Yes"]);
    expect(result.runData.No).toBeUndefined();
  });

  it("ignores sticky notes", async () => {
    const { engine } = setup();
    const doc = workflow({ Note: { type: "n8n-nodes-base.stickyNote" }, Start: { type: "test.trigger" } }, []);
    expect(order(await engine.run(doc))).toEqual(["Start"]);
  });

  it("starts from the named node with the given trigger items", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Other: { type: "test.trigger" }, After: { type: "test.noop" } }, ["Other -> After"]);
    const result = await engine.run(doc, { startNode: "Other", triggerItems: [{ json: { a: 1 } }] });
    expect(order(result)).toEqual(["Other", "After"]);
    expect(json(result, "After")).toEqual([{ a: 1 }]);
  });

  it("runs a legacy type the registry lacks as its current equivalent, with the implied parameters", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Legacy: { type: "n8n-nodes-base.functionItem", parameters: { functionCode: "return item;" } } }, ["Start -> Legacy"]);
    expect(json(await engine.run(doc), "Legacy")).toEqual([{ mode: "runOnceForEachItem", type: "n8n-nodes-base.functionItem" }]);
    expect(engine.describe(doc.nodes[1] as never)?.type).toBe("n8n-nodes-base.code");
  });

  it("rejects an unknown node type before running anything", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Odd: { type: "vendor.unknown" } }, ["Start -> Odd"]);
    await expect(engine.run(doc)).rejects.toMatchObject({ code: "WF_ENGINE_UNKNOWN_NODE_TYPE", node: "Odd" });
  });
});

describe("WorkflowEngine: multi-input nodes", () => {
  const merge = (required: unknown, bothBranches: boolean) =>
    workflow(
      {
        Start: { type: "test.trigger" },
        Seed: seed(bothBranches ? [{ ok: true }, { ok: false }] : [{ ok: true }]),
        If: { type: "test.if" },
        Merge: { type: "test.merge", parameters: { required }, position: [800, 0] },
      },
      ["Start -> Seed", "Seed -> If", "If -> Merge", "If:1 -> Merge:1"],
    );

  it("waits for every input and then runs once", async () => {
    const { engine } = setup();
    const result = await engine.run(merge(2, true));
    expect(order(result)).toEqual(["Start", "Seed", "If", "Merge"]);
    expect(json(result, "Merge")).toEqual([{ ok: true }, { ok: false }]);
    expect(result.runData.Merge?.[0]?.source).toEqual([{ previousNode: "If" }, { previousNode: "If", previousNodeOutput: 1 }]);
  });

  it("runs in v1 on partial input when requiredInputs is met once the stack runs dry", async () => {
    const { engine } = setup();
    const result = await engine.run(merge(1, false));
    expect(order(result)).toEqual(["Start", "Seed", "If", "Merge"]);
    expect(json(result, "Merge")).toEqual([{ ok: true }]);
  });

  it("drops a waiting node whose required inputs have no data", async () => {
    const { engine } = setup();
    const result = await engine.run(merge([0, 1], false));
    expect(order(result)).toEqual(["Start", "Seed", "If"]);
  });

  it("never runs a node without requiredInputs on partial data", async () => {
    const { engine } = setup();
    const doc = merge(1, false);
    (doc.nodes[3] as { type: string }).type = "test.strictMerge";
    expect(order(await engine.run(doc))).toEqual(["Start", "Seed", "If"]);
  });

  it("orders a 3-input node's data by input index, not by arrival", async () => {
    const { engine } = setup();
    const doc = workflow(
      {
        Start: { type: "test.trigger" },
        A: { ...seed([{ src: "A" }]), position: [200, 0] },
        B: { ...seed([{ src: "B" }]), position: [200, 200] },
        C: { ...seed([{ src: "C" }]), position: [200, -200] },
        Merge: { type: "test.merge", parameters: { inputs: 3, required: 3 }, position: [400, 0] },
      },
      ["Start -> A", "Start -> B", "Start -> C", "A -> Merge", "B -> Merge:1", "C -> Merge:2"],
    );
    const result = await engine.run(doc);
    expect(order(result)).toEqual(["Start", "C", "A", "B", "Merge"]);
    expect(json(result, "Merge")).toEqual([{ src: "A" }, { src: "B" }, { src: "C" }]);
  });

  it("in v0 forces the other branch of a waiting node to run with a dummy item", async () => {
    const { engine } = setup();
    const doc = workflow(
      {
        Start: { type: "test.trigger" },
        Left: seed([{ side: "left" }]),
        Lone: { type: "test.trigger" },
        Right: seed([{ side: "right" }]),
        Merge: { type: "test.strictMerge" },
      },
      ["Start -> Left", "Left -> Merge", "Lone -> Right", "Right -> Merge:1"],
      { executionOrder: "v0" },
    );
    const result = await engine.run(doc, { startNode: "Start" });
    expect(order(result)).toEqual(["Start", "Left", "Lone", "Right", "Merge"]);
    expect(json(result, "Merge")).toEqual([{ side: "left" }, { side: "right" }]);
  });

  it("in v0 runs the empty branch of an If with a dummy item so a Merge after it gets both inputs", async () => {
    const { engine } = setup();
    const doc = workflow(
      { Start: { type: "test.trigger" }, Seed: seed([{ ok: true }]), If: { type: "test.if" }, Yes: { type: "test.noop" }, No: { type: "test.noop" }, Merge: { type: "test.strictMerge" } },
      ["Start -> Seed", "Seed -> If", "If -> Yes", "If:1 -> No", "Yes -> Merge", "No -> Merge:1"],
      { executionOrder: "v0" },
    );
    const result = await engine.run(doc);
    expect(order(result)).toEqual(["Start", "Seed", "If", "Yes", "No", "Merge"]);
    expect(json(result, "No")).toEqual([{}]);
    expect(json(result, "Merge")).toEqual([{ ok: true }, {}]);
  });

  it("in v1 leaves the empty branch alone and drops the Merge that needs both inputs", async () => {
    const { engine } = setup();
    const doc = workflow(
      { Start: { type: "test.trigger" }, Seed: seed([{ ok: true }]), If: { type: "test.if" }, Yes: { type: "test.noop" }, No: { type: "test.noop" }, Merge: { type: "test.strictMerge" } },
      ["Start -> Seed", "Seed -> If", "If -> Yes", "If:1 -> No", "Yes -> Merge", "No -> Merge:1"],
    );
    expect(order(await engine.run(doc))).toEqual(["Start", "Seed", "If", "Yes"]);
  });

  it("in v0 lets an empty output still feed an input above 0", async () => {
    const { engine } = setup();
    const doc = workflow(
      { Start: { type: "test.trigger" }, Seed: seed([{ ok: true }]), If: { type: "test.if" }, Merge: { type: "test.strictMerge" } },
      ["Start -> Seed", "Seed -> If", "If -> Merge", "If:1 -> Merge:1"],
      { executionOrder: "v0" },
    );
    const result = await engine.run(doc);
    expect(order(result)).toEqual(["Start", "Seed", "If", "Merge"]);
    expect(json(result, "Merge")).toEqual([{ ok: true }]);
  });
});

describe("WorkflowEngine: node settings", () => {
  it("passes input 0 through a disabled node, which still gets a run record", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ a: 1 }]), Off: { type: "test.set", disabled: true, parameters: { value: "x" } }, After: { type: "test.noop" } }, [
      "Start -> Seed",
      "Seed -> Off",
      "Off -> After",
    ]);
    const result = await engine.run(doc);
    expect(order(result)).toEqual(["Start", "Seed", "Off", "After"]);
    expect(json(result, "Off")).toEqual([{ a: 1 }]);
  });

  it("cuts every input to its first item with executeOnce", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }, { n: 2 }]), Once: { type: "test.set", executeOnce: true, parameters: { field: "copy", value: "={{ $json.n }}" } } }, [
      "Start -> Seed",
      "Seed -> Once",
    ]);
    expect(json(await engine.run(doc), "Once")).toEqual([{ n: 1, copy: 1 }]);
  });

  it("emits one empty item paired with every input item with alwaysOutputData", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }, { n: 2 }]), Drop: { type: "test.drop", alwaysOutputData: true }, After: { type: "test.noop" } }, [
      "Start -> Seed",
      "Seed -> Drop",
      "Drop -> After",
    ]);
    const result = await engine.run(doc);
    expect(reduceRunData(result.status, result.runData).nodes.Drop).toEqual([{ status: "success", main: [[{}], [{ n: 1 }, { n: 2 }]] }]);
    expect(result.runData.Drop?.[0]?.data?.main[0]?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
    expect(order(result)).toContain("After");
  });

  it("fills in pairedItem when input and output counts match, and N to 1", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }, { n: 2 }]), Set: { type: "test.set", parameters: { value: "v" } } }, ["Start -> Seed", "Seed -> Set"]);
    const result = await engine.run(doc);
    expect(result.runData.Set?.[0]?.data?.main[0]?.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(result.runData.Seed?.[0]?.data?.main[0]?.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
  });

  it("honours pinned data in manual runs only", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }]) }, ["Start -> Seed"]);
    doc.pinData = { Seed: [{ pinned: true }, { json: { pinned: 2 } }] };
    expect(json(await engine.run(doc, { mode: "manual" }), "Seed")).toEqual([{ pinned: true }, { pinned: 2 }]);
    expect(json(await engine.run(doc, { mode: "production" }), "Seed")).toEqual([{ n: 1 }]);
  });
});

describe("WorkflowEngine: errors", () => {
  const failing = (settings: Record<string, unknown>, type = "test.fail") =>
    workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }]), Fail: { type, ...settings }, After: { type: "test.noop" } }, ["Start -> Seed", "Seed -> Fail", "Fail -> After"]);

  it("stops the workflow on a failing node and records the error", async () => {
    const { engine } = setup();
    const result = await engine.run(failing({}));
    expect(result.status).toBe("error");
    expect(result.lastNodeExecuted).toBe("Fail");
    expect(result.error).toMatchObject({ message: "boom", node: "Fail", name: "NodeOperationError" });
    expect(result.runData.Fail?.[0]).toMatchObject({ executionStatus: "error", error: { message: "boom" } });
    expect(result.runData.Fail?.[0]?.data).toBeUndefined();
    expect(result.runData.After).toBeUndefined();
  });

  it("retries up to maxTries and counts only the last failure", async () => {
    const { engine } = setup();
    const result = await engine.run(failing({ retryOnFail: true, maxTries: 4, waitBetweenTries: 0 }), { executionId: "retry-4" });
    expect(attempts.get("retry-4:Fail")).toBe(4);
    expect(result.runData.Fail).toHaveLength(1);
    expect(result.status).toBe("error");
  });

  it("succeeds when a retry succeeds", async () => {
    const { engine } = setup();
    const result = await engine.run(failing({ retryOnFail: true, maxTries: 3, waitBetweenTries: 0, parameters: { failures: 2 } }, "test.flaky"), { executionId: "flaky" });
    expect(result.status).toBe("success");
    expect(json(result, "Fail")).toEqual([{ n: 1, attempts: 3 }]);
  });

  it("forwards input 0 unchanged when a node with continueRegularOutput throws", async () => {
    const { engine } = setup();
    const result = await engine.run(failing({ onError: "continueRegularOutput" }));
    expect(result.status).toBe("success");
    expect(json(result, "Fail")).toEqual([{ n: 1 }]);
    expect(result.runData.Fail?.[0]?.error?.message).toBe("boom");
    expect(json(result, "After")).toEqual([{ n: 1 }]);
  });

  it("treats legacy continueOnFail as continueRegularOutput", async () => {
    const { engine } = setup();
    expect((await engine.run(failing({ continueOnFail: true }))).status).toBe("success");
  });

  it("moves error items to the extra error output, merged over the paired input json", async () => {
    const { engine } = setup();
    const doc = workflow(
      { Start: { type: "test.trigger" }, Seed: seed([{ id: 1 }, { id: 2, bad: true }]), Check: { type: "test.errorItems", onError: "continueErrorOutput" }, Ok: { type: "test.noop" }, Bad: { type: "test.noop" } },
      ["Start -> Seed", "Seed -> Check", "Check -> Ok", "Check:1 -> Bad"],
    );
    const result = await engine.run(doc);
    expect(json(result, "Check", 0, 0)).toEqual([{ id: 1, good: true }]);
    expect(json(result, "Check", 0, 1)).toEqual([{ id: 2, bad: true, error: "bad item 1" }]);
    expect(json(result, "Bad")).toEqual([{ id: 2, bad: true, error: "bad item 1" }]);
  });

  it("throws a failed expression only when the node reads that parameter", async () => {
    const { engine } = setup();
    const doc = workflow(
      { Start: { type: "test.trigger" }, Reads: { type: "test.readParam", parameters: { value: "ok", unused: "={{ $fail }}" } }, Fails: { type: "test.readParam", parameters: { value: "={{ $fail }}" } } },
      ["Start -> Reads", "Reads -> Fails"],
    );
    const result = await engine.run(doc);
    expect(json(result, "Reads")).toEqual([{ value: "ok" }]);
    expect(result.runData.Fails?.[0]?.error).toMatchObject({ name: "ExpressionError", message: "Expression failed on purpose" });
  });
});

describe("WorkflowEngine: dry runs", () => {
  it("simulates nodes with side effects and runs the others", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }]), Post: { type: "test.http" }, After: { type: "test.set", parameters: { value: "x" } } }, ["Start -> Seed", "Seed -> Post", "Post -> After"]);
    expect(json(await engine.run(doc, { mode: "dry-run" }), "After")).toEqual([{ n: 1, simulated: true, value: "x" }]);
    expect(json(await engine.run(doc, { mode: "manual" }), "After")).toEqual([{ n: 1, sent: true, value: "x" }]);
  });

  it("fails a side-effecting node that cannot be simulated instead of running it", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Write: { type: "test.write" } }, ["Start -> Write"]);
    expect((await engine.run(doc, { mode: "dry-run" })).error).toMatchObject({ code: "WF_ENGINE_NOT_SIMULATABLE", node: "Write" });
  });
});

describe("WorkflowEngine: parameters", () => {
  it("resolves every expression of a node run in one sandbox call", async () => {
    const { engine, sandboxes } = setup();
    const doc = workflow(
      { Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }, { n: 2 }, { n: 3 }]), Set: { type: "test.set", parameters: { field: "={{ $json.n }}", value: "={{ $itemIndex }}" } } },
      ["Start -> Seed", "Seed -> Set"],
    );
    const result = await engine.run(doc);
    expect(json(result, "Set")).toEqual([
      { n: 1, 1: 0 },
      { n: 2, 2: 1 },
      { n: 3, 3: 2 },
    ]);
    const calls = sandboxes.sandboxes[0]?.evaluateCalls.filter((c) => c.node === "Set");
    expect(calls).toEqual([{ node: "Set", expressions: ["={{ $json.n }}", "={{ $itemIndex }}"], itemCount: 3 }]);
  });

  it("leaves lazy parameters for the node to evaluate", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 5 }]), Lazy: { type: "test.lazy", parameters: { template: "={{ $json.n }}" } } }, ["Start -> Seed", "Seed -> Lazy"]);
    expect(json(await engine.run(doc), "Lazy")).toEqual([{ raw: "={{ $json.n }}", value: 5 }]);
  });

  it("keeps the metadata a node reports on its run record", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Respond: { type: "test.respond" } }, ["Start -> Respond"]);
    expect((await engine.run(doc)).runData.Respond?.[0]?.metadata).toEqual({ webhookResponse: { statusCode: 201, headers: {}, body: { kind: "empty" } } });
  });

  it("gives nodes a logger that adds the execution, node and run index", async () => {
    const entries: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger = { debug() {}, info: (m: string, d?: Record<string, unknown>) => void entries.push([m, d]), warn() {}, error() {} };
    const { engine } = setup({ logger });
    await engine.run(workflow({ Start: { type: "test.trigger" }, Log: { type: "test.log" } }, ["Start -> Log"]), { executionId: "ex-log" });
    expect(entries).toEqual([["hello", { executionId: "ex-log", node: "Log", runIndex: 0, extra: 1 }]]);
  });

  it("makes idempotency keys from execution, node and run index", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Key: { type: "test.key" } }, ["Start -> Key"]);
    expect(json(await engine.run(doc, { executionId: "ex1" }), "Key")).toEqual([{ key: "ex1:Key:0" }]);
  });

  it("records every node run in the sandbox and disposes it at the end", async () => {
    const { engine, sandboxes } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }]), Set: { type: "test.set", parameters: { value: "={{ $json.n }}" } } }, ["Start -> Seed", "Seed -> Set"]);
    await engine.run(doc);
    const sandbox = sandboxes.sandboxes[0];
    expect(sandbox?.runs.map((r) => r.node)).toEqual(["Start", "Seed", "Set"]);
    expect(sandbox?.disposed).toBe(true);
  });

  it("never creates a sandbox for a run without expressions or code", async () => {
    const { engine, sandboxes } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }]), Set: { type: "test.set", parameters: { value: "literal" } } }, ["Start -> Seed", "Seed -> Set"]);
    expect((await engine.run(doc)).status).toBe("success");
    expect(sandboxes.sandboxes).toHaveLength(0);
  });
});

describe("WorkflowEngine: loops and node state", () => {
  it("runs a loop node once per batch and keeps its state between runs", async () => {
    const { engine } = setup();
    const doc = workflow(
      { Start: { type: "test.trigger" }, Seed: seed([{ i: 0 }, { i: 1 }]), Loop: { type: "test.loop" }, Body: { type: "test.state", position: [600, 100] }, Done: { type: "test.noop", position: [600, -100] } },
      ["Start -> Seed", "Seed -> Loop", "Loop -> Done", "Loop:1 -> Body", "Body -> Loop"],
    );
    const result = await engine.run(doc);
    expect(order(result)).toEqual(["Start", "Seed", "Loop", "Body", "Loop", "Body", "Loop", "Done"]);
    expect(json(result, "Done")).toEqual([
      { i: 0, count: 1 },
      { i: 1, count: 2 },
    ]);
    expect(result.runData.Loop?.[1]?.source).toEqual([{ previousNode: "Body" }]);
    expect(result.state.nodeStates.Body).toBe(2);
  });
});
