import listFixture from "../__fixtures__/workflow-list.json";
import { ApiError } from "./api-error";
import { parseErrorBody, parseWorkflowDetail, parseWorkflowListPage } from "./parse-responses";

describe("parseWorkflowListPage", () => {
  it("accepts the list body and turns tag objects into names", () => {
    const page = parseWorkflowListPage(listFixture);
    expect(page.data).toHaveLength(3);
    expect(page.data[2]?.tags).toEqual(["legacy"]);
    expect(page.nextCursor).toBeNull();
  });

  it("names the offending field when a row is malformed", () => {
    const body = { data: [{ id: "x", name: "n", status: "running", updatedAt: "t" }], nextCursor: null };
    expect(() => parseWorkflowListPage(body)).toThrow(new ApiError(0, "WF_BUILDER_BAD_RESPONSE", "Unexpected API response: body.data[0].status should be one of draft|pending|active|archived"));
  });
});

describe("parseWorkflowDetail", () => {
  const base = { id: "w", name: "W", status: "draft", draftVersionId: "v", activeVersionId: null };

  it("fills in what n8n files may omit: parameters, typeVersion and connections", () => {
    const detail = parseWorkflowDetail({ ...base, definition: { nodes: [{ name: "A", type: "t", position: [1, 2] }] } });
    expect(detail.definition?.nodes[0]).toMatchObject({ name: "A", typeVersion: 1, parameters: {}, position: [1, 2] });
    expect(detail.definition?.connections).toEqual({});
  });

  it("accepts a workflow without a version (definition null)", () => {
    expect(parseWorkflowDetail({ ...base, definition: null }).definition).toBeNull();
  });

  it("rejects a node without a usable position, naming the node's path", () => {
    expect(() => parseWorkflowDetail({ ...base, definition: { nodes: [{ name: "A", type: "t", position: [1] }] } })).toThrow(
      "body.definition.nodes[0].position should be [x, y] numbers",
    );
  });
});

describe("parseErrorBody", () => {
  it("reads { code, message } and ignores anything else", () => {
    expect(parseErrorBody({ code: "WF_X", message: "m", extra: 1 })).toEqual({ code: "WF_X", message: "m" });
    expect(parseErrorBody({ error: "Not Found" })).toBeNull();
    expect(parseErrorBody("text")).toBeNull();
  });
});
