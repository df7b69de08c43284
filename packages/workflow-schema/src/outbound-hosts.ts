import type { WorkflowDocument } from "./document";

/**
 * Node types whose `url` parameter is an outbound HTTP call.
 *
 * @example
 * HTTP_NODE_TYPES.has("n8n-nodes-base.httpRequest"); // true
 */
export const HTTP_NODE_TYPES: ReadonlySet<string> = new Set(["n8n-nodes-base.httpRequest", "@n8n/n8n-nodes-langchain.toolHttpRequest"]);

/**
 * The host a URL parameter calls, lowercased, or undefined when it cannot be known before running.
 * Static URLs give their host. An expression (`=...{{ }}...`) gives the host of its static prefix
 * only when the prefix holds the scheme and the whole host, ended by `/`, `?`, `#` or a port; so
 * `=https://api.example.com/{{ $json.path }}` gives `api.example.com`, while
 * `=https://{{ $json.tenant }}.example.com` gives undefined.
 *
 * @example
 * hostOfUrlParameter("=https://API.example.com:8443/v1/{{ $json.id }}"); // "api.example.com"
 */
export function hostOfUrlParameter(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  let text = value;
  let complete = true;
  if (text.startsWith("=")) {
    text = text.slice(1);
    const open = text.indexOf("{{");
    if (open >= 0) {
      text = text.slice(0, open);
      complete = false;
    }
  }
  const match = /^\s*[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)([/?#]|$)/i.exec(text);
  if (!match) return undefined;
  const authority = match[1] as string;
  const terminated = match[2] !== "" || complete;
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const portMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  const host = portMatch?.[1] ?? "";
  const hasPort = portMatch?.[2] !== undefined && portMatch[2] !== "";
  if (host === "" || (!terminated && !hasPort)) return undefined;
  return host.toLowerCase();
}

/**
 * Every outbound host a workflow's HTTP nodes call, with the first node that calls it, in node order.
 *
 * @example
 * listOutboundHosts(doc); // [{ host: "api.example.com", node: "Fetch" }]
 */
export function listOutboundHosts(doc: Pick<WorkflowDocument, "nodes">): Array<{ host: string; node: string }> {
  const seen = new Map<string, string>();
  for (const node of doc.nodes) {
    if (!HTTP_NODE_TYPES.has(node.type)) continue;
    const host = hostOfUrlParameter(node.parameters.url);
    if (host !== undefined && !seen.has(host)) seen.set(host, node.name);
  }
  return [...seen].map(([host, node]) => ({ host, node }));
}
