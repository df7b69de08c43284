import { extractTriggers, webhookPathShape } from "./extract-triggers";

describe("extractTriggers", () => {
  it("reads webhooks (one per method), schedules in the workflow zone and event subscriptions, skipping disabled nodes", () => {
    const triggers = extractTriggers({
      settings: { timezone: "Europe/Berlin" },
      nodes: [
        { name: "Hook", type: "n8n-nodes-base.webhook", typeVersion: 2, parameters: { path: "/orders/:id/", multipleMethods: true, httpMethod: ["GET", "POST"], responseMode: "lastNode" } },
        { name: "Off", type: "n8n-nodes-base.webhook", typeVersion: 2, disabled: true, parameters: { path: "off" } },
        { name: "Every hour", type: "n8n-nodes-base.scheduleTrigger", typeVersion: 1.2, parameters: { rule: { interval: [{ field: "hours", hoursInterval: 2, triggerAtMinute: 5 }] } } },
        { name: "On contact", type: "bos.eventTrigger", typeVersion: 1, parameters: { eventType: "crm.contact.*", filter: '{"data.vip": true}' } },
      ],
    });
    expect(triggers.webhooks.map((w) => [w.method, w.path, w.isDynamic])).toEqual([
      ["GET", "orders/:id", true],
      ["POST", "orders/:id", true],
    ]);
    expect(triggers.webhooks[0]?.config.responseMode).toBe("lastNode");
    expect(triggers.schedules).toEqual([{ node: "Every hour", ruleIndex: 0, spec: { kind: "cron", expression: "0 5 */2 * * *" }, timezone: "Europe/Berlin" }]);
    expect(triggers.subscriptions).toEqual([{ node: "On contact", eventType: "crm.contact.*", filter: { "data.vip": true } }]);
  });

  it("lists every unusable trigger setting", () => {
    expect(() =>
      extractTriggers({
        nodes: [
          { name: "A", type: "n8n-nodes-base.webhook", parameters: { path: "" } },
          { name: "B", type: "bos.eventTrigger", parameters: { eventType: "no spaces allowed" } },
          { name: "C", type: "n8n-nodes-base.scheduleTrigger", parameters: { rule: { interval: [{ field: "cronExpression", expression: "* *" }] } } },
        ],
      }),
    ).toThrow(/node "A".*node "B".*node "C"/);
  });

  it("treats paths that differ only in parameter names as the same route", () => {
    expect(webhookPathShape("users/:id")).toBe(webhookPathShape("users/:uid"));
  });
});
