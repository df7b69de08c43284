import type { Item } from "@bos/node-sdk";
import type { RunData, SimulatedEffect } from "../types";

/** Who produced the effects: the node run they belong to. */
export interface EffectOrigin {
  executionId: string;
  node: string;
  nodeType: string;
  runIndex: number;
}

function itemIndexOf(item: Item, fallback: number): number {
  const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
  if (typeof paired === "number") return paired;
  return paired && typeof paired.item === "number" ? paired.item : fallback;
}

/**
 * The effects a node's `simulate()` reported: every output item marked `simulated: true` is one effect;
 * its `request` (HTTP Request's shape) or else the rest of its JSON says what would have been sent.
 */
export function effectsFromSimulation(origin: EffectOrigin, outputs: readonly Item[][]): SimulatedEffect[] {
  const effects: SimulatedEffect[] = [];
  for (const items of outputs) {
    items.forEach((item, index) => {
      const json = item.json;
      if (json.simulated !== true) return;
      const request = json.request;
      const isRequest = request !== null && typeof request === "object" && !Array.isArray(request);
      const { simulated: _simulated, ...rest } = json;
      effects.push({ ...origin, itemIndex: itemIndexOf(item, index), kind: isRequest ? "request" : "effect", details: isRequest ? (request as Record<string, unknown>) : rest });
    });
  }
  return effects;
}

/** An event a node asks its host to publish after the run (Publish Event's outbox, `metadata.events`). */
export interface OutboxEvent {
  type: string;
  id: string;
  data: unknown;
}

/** The outbox events in a node run's metadata, if any. */
export function outboxEventsOf(metadata: object | undefined): OutboxEvent[] | undefined {
  const events = (metadata as { events?: unknown } | undefined)?.events;
  return Array.isArray(events) && events.length > 0 ? (events as OutboxEvent[]) : undefined;
}

/** Events a node asked the host to publish, as effects. */
export function effectsFromEvents(origin: EffectOrigin, events: readonly OutboxEvent[]): SimulatedEffect[] {
  return events.map((event, itemIndex) => ({ ...origin, itemIndex, kind: "event", details: { type: event.type, id: event.id, data: event.data } }));
}

/** Every simulated effect recorded in run data (task metadata), in run order. */
export function collectSimulatedEffects(runData: RunData): SimulatedEffect[] {
  const runs = Object.values(runData)
    .flat()
    .filter((task) => (task.metadata?.simulatedEffects?.length ?? 0) > 0)
    .sort((a, b) => a.executionIndex - b.executionIndex);
  return runs.flatMap((task) => task.metadata?.simulatedEffects ?? []);
}
