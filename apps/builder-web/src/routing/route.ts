/** The builder's screens, addressed by the URL hash so the server only ever serves index.html. */
export type Route = { kind: "workflow-list" } | { kind: "workflow"; id: string } | { kind: "not-found"; hash: string };

/** `""`, `#`, `#/` and `#/workflows` are the list; `#/workflows/<id>` one workflow. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "");
  if (path === "" || path === "/workflows") return { kind: "workflow-list" };
  const match = /^\/workflows\/([^/]+)$/.exec(path);
  if (match?.[1]) {
    try {
      return { kind: "workflow", id: decodeURIComponent(match[1]) };
    } catch {
      // A malformed %-escape cannot name a workflow; treat the address as unknown rather than crash.
      return { kind: "not-found", hash };
    }
  }
  return { kind: "not-found", hash };
}

/** The href (a hash) for a route. */
export function hrefFor(route: Route): string {
  switch (route.kind) {
    case "workflow-list":
    case "not-found":
      return "#/workflows";
    case "workflow":
      return `#/workflows/${encodeURIComponent(route.id)}`;
  }
}
