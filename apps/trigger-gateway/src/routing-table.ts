import type { RegisteredSchedule, RegisteredSubscription, RegisteredWebhook, TriggerRegistrySnapshot } from "@bos/triggers/routing";

/** A matched webhook and the values of its `:param` segments. */
export interface WebhookMatch {
  webhook: RegisteredWebhook;
  params: Record<string, string>;
}

interface DynamicRoute {
  segments: string[];
  webhook: RegisteredWebhook;
}

interface TenantRoutes {
  /** `METHOD path` -> webhook. */
  exact: Map<string, RegisteredWebhook>;
  /** by method */
  dynamic: Map<string, DynamicRoute[]>;
}

/**
 * The gateway's in-memory routing table: a cache of the registry in Postgres, rebuilt on start and patched
 * per workflow on each change notice, so every instance holds the same routes. Lookups never touch
 * Postgres or Redis: an unknown and an inactive path cost the same.
 */
export class RoutingTable {
  private webhooks: RegisteredWebhook[] = [];
  private schedules: RegisteredSchedule[] = [];
  private subscriptions: RegisteredSubscription[] = [];
  private byTenant = new Map<string, TenantRoutes>();
  private shortForm = new Map<string, TenantRoutes>();
  private tenantBySlug = new Map<string, string>();

  /** Replaces everything (start, reconnect). */
  replaceAll(snapshot: TriggerRegistrySnapshot): void {
    this.webhooks = snapshot.webhooks;
    this.schedules = snapshot.schedules;
    this.subscriptions = snapshot.subscriptions;
    this.rebuild();
  }

  /** Replaces one workflow's triggers (a change notice). */
  replaceWorkflow(workflowId: string, snapshot: TriggerRegistrySnapshot): void {
    this.webhooks = [...this.webhooks.filter((w) => w.workflowId !== workflowId), ...snapshot.webhooks];
    this.schedules = [...this.schedules.filter((s) => s.workflowId !== workflowId), ...snapshot.schedules];
    this.subscriptions = [...this.subscriptions.filter((s) => s.workflowId !== workflowId), ...snapshot.subscriptions];
    this.rebuild();
  }

  /** Tenant id for a `/t/{tenant}/...` segment: the slug or the id itself, when the tenant serves webhooks. */
  tenantOf(slugOrId: string): string | undefined {
    return this.tenantBySlug.get(slugOrId) ?? (this.byTenant.has(slugOrId) ? slugOrId : undefined);
  }

  /** Finds the webhook for a tenant (or the short form when `tenantId` is undefined). */
  match(tenantId: string | undefined, method: string, path: string): WebhookMatch | undefined {
    const routes = tenantId === undefined ? this.shortFormRoutes() : this.byTenant.get(tenantId);
    if (!routes) return undefined;
    const exact = routes.exact.get(`${method} ${path}`);
    if (exact) return { webhook: exact, params: {} };
    const dynamic = routes.dynamic.get(method);
    if (!dynamic) return undefined;
    const segments = path.split("/");
    for (const route of dynamic) {
      const params = matchSegments(route.segments, segments) ?? (route.webhook.config.webhookId ? matchSegments([route.webhook.config.webhookId, ...route.segments], segments) : undefined);
      if (params) return { webhook: route.webhook, params };
    }
    return undefined;
  }

  allSchedules(): RegisteredSchedule[] {
    return this.schedules;
  }

  hasSchedule(tenantId: string, workflowId: string, node: string, ruleIndex: number): RegisteredSchedule | undefined {
    return this.schedules.find((s) => s.tenantId === tenantId && s.workflowId === workflowId && s.node === node && s.ruleIndex === ruleIndex);
  }

  subscriptionsOf(tenantId: string): RegisteredSubscription[] {
    return this.subscriptions.filter((s) => s.tenantId === tenantId);
  }

  get size(): { webhooks: number; schedules: number; subscriptions: number } {
    return { webhooks: this.webhooks.length, schedules: this.schedules.length, subscriptions: this.subscriptions.length };
  }

  private shortFormRoutes(): TenantRoutes {
    return this.shortForm.get("") ?? { exact: new Map(), dynamic: new Map() };
  }

  private rebuild(): void {
    const byTenant = new Map<string, TenantRoutes>();
    const short: TenantRoutes = { exact: new Map(), dynamic: new Map() };
    const slugs = new Map<string, string>();
    for (const webhook of this.webhooks) {
      slugs.set(webhook.tenantSlug, webhook.tenantId);
      let routes = byTenant.get(webhook.tenantId);
      if (!routes) byTenant.set(webhook.tenantId, (routes = { exact: new Map(), dynamic: new Map() }));
      add(routes, webhook);
      if (webhook.shortForm) add(short, webhook);
    }
    this.byTenant = byTenant;
    this.shortForm = new Map([["", short]]);
    this.tenantBySlug = slugs;
  }
}

function add(routes: TenantRoutes, webhook: RegisteredWebhook): void {
  if (!webhook.isDynamic) {
    routes.exact.set(`${webhook.method} ${webhook.path}`, webhook);
    return;
  }
  let list = routes.dynamic.get(webhook.method);
  if (!list) routes.dynamic.set(webhook.method, (list = []));
  list.push({ segments: webhook.path.split("/"), webhook });
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith(":")) {
      if (s === "") return undefined;
      params[p.slice(1)] = safeDecode(s);
    } else if (p !== s) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
