import { NodeRegistry } from "@bos/node-sdk";
import { transformNodes } from "./index";

describe("transform nodes", () => {
  it("register once per (type, version) with n8n's type names", () => {
    const registry = new NodeRegistry().register(...transformNodes);
    const expected: Record<string, number[]> = {
      "n8n-nodes-base.set": [1, 2, 3, 3.1, 3.2, 3.3, 3.4],
      "n8n-nodes-base.code": [1, 2],
      "n8n-nodes-base.function": [1],
      "n8n-nodes-base.functionItem": [1],
      "n8n-nodes-base.aggregate": [1],
      "n8n-nodes-base.splitOut": [1],
      "n8n-nodes-base.sort": [1],
      "n8n-nodes-base.limit": [1],
      "n8n-nodes-base.removeDuplicates": [1, 1.1, 2],
      "n8n-nodes-base.summarize": [1, 1.1],
      "n8n-nodes-base.dateTime": [1, 2],
      "n8n-nodes-base.crypto": [1],
      "n8n-nodes-base.itemLists": [1, 2, 2.1, 2.2, 3, 3.1],
    };
    for (const [type, versions] of Object.entries(expected)) expect(registry.versionsOf(type)).toEqual(versions);
  });

  it("declare no side effects and never resolve code as an expression", () => {
    for (const node of transformNodes) {
      expect(node.description.sideEffects).toBe("none");
      expect(node.description.defaults.name).not.toBe("");
      for (const parameter of node.description.parameters) {
        if (["jsCode", "pythonCode", "functionCode", "code"].includes(parameter.name)) expect(parameter.resolve).toBe("never");
      }
    }
  });
});
