import { isLegacyNodeType, resolveLegacyNodeType } from "./legacy-node-types";

describe("legacy node types", () => {
  it.each([
    ["n8n-nodes-base.start", {}, "n8n-nodes-base.manualTrigger"],
    ["n8n-nodes-base.function", {}, "n8n-nodes-base.code"],
    ["n8n-nodes-base.functionItem", {}, "n8n-nodes-base.code"],
    ["n8n-nodes-base.cron", {}, "n8n-nodes-base.scheduleTrigger"],
    ["n8n-nodes-base.interval", {}, "n8n-nodes-base.scheduleTrigger"],
    ["n8n-nodes-base.itemLists", { operation: "concatenateItems" }, "n8n-nodes-base.aggregate"],
    ["n8n-nodes-base.itemLists", { operation: "aggregateItems" }, "n8n-nodes-base.aggregate"],
    ["n8n-nodes-base.itemLists", {}, "n8n-nodes-base.splitOut"],
    ["n8n-nodes-base.itemLists", { operation: "sort" }, "n8n-nodes-base.sort"],
    ["n8n-nodes-base.itemLists", { operation: "limit" }, "n8n-nodes-base.limit"],
    ["n8n-nodes-base.itemLists", { operation: "removeDuplicates" }, "n8n-nodes-base.removeDuplicates"],
    ["n8n-nodes-base.itemLists", { operation: "summarize" }, "n8n-nodes-base.summarize"],
  ])("%s %j runs as %s", (type, parameters, target) => {
    expect(resolveLegacyNodeType(type, parameters)?.type).toBe(target);
  });

  it("tells Function Item apart from Function by the Code mode it implies", () => {
    expect(resolveLegacyNodeType("n8n-nodes-base.functionItem")?.impliedParameters).toMatchObject({ mode: "runOnceForEachItem" });
    expect(resolveLegacyNodeType("n8n-nodes-base.function")?.impliedParameters).toMatchObject({ mode: "runOnceForAllItems" });
  });

  it("has no target for an Item Lists operation it does not know, including prototype names", () => {
    expect(resolveLegacyNodeType("n8n-nodes-base.itemLists", { operation: "constructor" })).toBeUndefined();
    expect(resolveLegacyNodeType("n8n-nodes-base.itemLists", { operation: "frobnicate" })).toBeUndefined();
  });

  it("does not treat current types as legacy", () => {
    expect(isLegacyNodeType("n8n-nodes-base.code")).toBe(false);
    expect(resolveLegacyNodeType("n8n-nodes-base.code")).toBeUndefined();
  });
});
