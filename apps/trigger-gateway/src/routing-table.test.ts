import type { RegisteredWebhook } from "@bos/triggers/routing";
import { RoutingTable } from "./routing-table";
import { dueAt } from "./schedules";

const hook = (tenantId: string, path: string, extra: Partial<RegisteredWebhook> = {}): RegisteredWebhook => ({
  tenantId,
  tenantSlug: `slug-${tenantId}`,
  workflowId: `wf-${tenantId}-${path}`,
  versionId: null,
  node: "Webhook",
  method: "POST",
  path,
  isDynamic: path.includes(":"),
  shortForm: false,
  config: { node: "Webhook", typeVersion: 2, methods: ["POST"], multipleMethods: false, path, webhookId: "abc", authentication: "none", credentials: {}, responseMode: "onReceived", responseData: "firstEntryJson", responseBinaryPropertyName: "data", options: {} },
  ...extra,
});

describe("routing table", () => {
  const table = new RoutingTable();
  table.replaceAll({ webhooks: [hook("t1", "orders", { shortForm: true }), hook("t1", "users/:id"), hook("t2", "orders")], schedules: [], subscriptions: [] });

  it("routes by tenant (slug or id), the short form only to the tenant that holds it", () => {
    expect(table.match(table.tenantOf("slug-t2"), "POST", "orders")?.webhook.tenantId).toBe("t2");
    expect(table.match("t1", "POST", "orders")?.webhook.tenantId).toBe("t1");
    expect(table.match(undefined, "POST", "orders")?.webhook.tenantId).toBe("t1");
    expect(table.match(undefined, "POST", "users/1")).toBeUndefined();
  });

  it("matches parameters, also behind the webhookId, and not another method", () => {
    expect(table.match("t1", "POST", "users/a%20b")?.params).toEqual({ id: "a b" });
    expect(table.match("t1", "POST", "abc/users/7")?.params).toEqual({ id: "7" });
    expect(table.match("t1", "GET", "users/7")).toBeUndefined();
  });

  it("replaces one workflow's routes on a notice", () => {
    const copy = new RoutingTable();
    copy.replaceAll({ webhooks: [hook("t1", "orders")], schedules: [], subscriptions: [] });
    copy.replaceWorkflow("wf-t1-orders", { webhooks: [], schedules: [], subscriptions: [] });
    expect(copy.match("t1", "POST", "orders")).toBeUndefined();
  });
});

describe("schedule thinning", () => {
  it("fires every n-th day by days since the epoch in the workflow zone", () => {
    const spec = { kind: "cron" as const, expression: "0 0 9 * * *", every: { unit: "days" as const, count: 2 } };
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9));
    const fired = [20, 21, 22, 23].map((d) => dueAt(spec, day(d), "UTC"));
    expect(fired.filter(Boolean)).toHaveLength(2);
    expect(fired[0]).not.toBe(fired[1]);
    expect(dueAt({ kind: "period", ms: 1000 }, new Date(), "UTC")).toBe(true);
  });
});
