import { defineNode } from "./define-node";
import { NodeRegistry } from "./registry";

const limitNode = defineNode({
  description: {
    type: "test.limit",
    versions: [1],
    displayName: "Limit",
    group: ["transform"],
    description: "Keeps some items",
    defaults: { name: "Limit" },
    inputs: 1,
    outputs: 1,
    parameters: [
      { name: "maxItems", displayName: "Max Items", type: "number", default: 1 },
      {
        name: "keep",
        displayName: "Keep",
        type: "options",
        default: "firstItems",
        options: [
          { name: "First Items", value: "firstItems" },
          { name: "Last Items", value: "lastItems" },
        ],
      },
    ],
  },
  async execute(ctx) {
    const max: number = ctx.getNodeParameter("maxItems", 0);
    const keep: "firstItems" | "lastItems" = ctx.getNodeParameter("keep", 0);
    const items = ctx.getInputItems();
    return [keep === "firstItems" ? items.slice(0, max) : items.slice(-max)];
  },
});

describe("NodeRegistry", () => {
  it("finds a node by type and version and follows aliases", () => {
    const registry = new NodeRegistry().register(limitNode).alias("test.oldLimit", { type: "test.limit" });
    expect(registry.get("test.limit", 1)?.displayName).toBe("Limit");
    expect(registry.get("test.limit", 2)).toBeUndefined();
    expect(registry.getNode("test.oldLimit", 1)).toBe(limitNode);
    expect(registry.versionsOf("test.limit")).toEqual([1]);
  });

  it("refuses to register the same type and version twice", () => {
    expect(() => new NodeRegistry().register(limitNode, limitNode)).toThrow(/registered twice/);
  });
});
