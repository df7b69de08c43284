import { defineNode } from "@bos/node-sdk";
import { emitEmptyItem, legacyScheduleTriggerTraits } from "./legacy-schedule-trigger";

/** Interval (`n8n-nodes-base.interval` v1, legacy, hidden): fires every `interval` `unit`; emits an empty item. */
export const intervalNode = defineNode({
  description: {
    type: "n8n-nodes-base.interval",
    versions: [1],
    displayName: "Interval",
    description: "Triggers the workflow in a given interval",
    defaults: { name: "Interval", color: "#00FF00" },
    ...legacyScheduleTriggerTraits,
    parameters: [
      { displayName: "Interval", name: "interval", type: "number", typeOptions: { minValue: 1 }, default: 1, description: "Interval value" },
      {
        displayName: "Unit",
        name: "unit",
        type: "options",
        default: "seconds",
        options: [
          { name: "Seconds", value: "seconds" },
          { name: "Minutes", value: "minutes" },
          { name: "Hours", value: "hours" },
        ],
        description: "Unit of the interval value",
      },
    ],
  },
  execute: emitEmptyItem,
});
