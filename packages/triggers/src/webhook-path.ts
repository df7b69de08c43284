/** Path as the gateway matches it: trimmed of slashes, repeated slashes collapsed. */
export function normalizeWebhookPath(path: string): string {
  return path.trim().replace(/\/{2,}/g, "/").replace(/^\/+|\/+$/g, "");
}

/** The path with parameter names erased (`users/:id` and `users/:uid` are the same route). */
export function webhookPathShape(path: string): string {
  return path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? ":" : segment))
    .join("/");
}
