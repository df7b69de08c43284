const ACRONYMS: Record<string, string> = { http: "HTTP", url: "URL", json: "JSON", sql: "SQL", ai: "AI", html: "HTML", xml: "XML", csv: "CSV", ssh: "SSH", ftp: "FTP" };

/** The part of a node type after the package: `n8n-nodes-base.httpRequest` -> `httpRequest`. */
export function shortTypeName(type: string): string {
  const dot = type.lastIndexOf(".");
  return dot === -1 ? type : type.slice(dot + 1);
}

/** A short human label for a node type: `n8n-nodes-base.httpRequest` -> `HTTP Request`. */
export function nodeTypeLabel(type: string): string {
  const words = shortTypeName(type)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter((w) => w !== "");
  return words
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}
