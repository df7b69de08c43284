// The access token lives in localStorage so a reload keeps the session. It arrives either pasted on
// the token screen or in the URL (`/?token=...`, the link `./bos start` prints); a token in the URL is
// moved to storage and removed from the address bar at once so it does not linger in history or get
// copied along with a link.

const STORAGE_KEY = "bos.builder.token";

export function readStoredToken(storage: Storage = window.localStorage): string | null {
  const token = storage.getItem(STORAGE_KEY);
  return token && token.trim() !== "" ? token : null;
}

export function storeToken(token: string, storage: Storage = window.localStorage): void {
  storage.setItem(STORAGE_KEY, token.trim());
}

export function clearStoredToken(storage: Storage = window.localStorage): void {
  storage.removeItem(STORAGE_KEY);
}

/**
 * Takes `token` out of the current URL's query string, stores it, and rewrites the address without it
 * (keeping the path, the other parameters and the hash). Returns the token, or null if there was none.
 */
export function takeTokenFromUrl(loc: Location = window.location, history: History = window.history): string | null {
  const params = new URLSearchParams(loc.search);
  const token = params.get("token");
  if (token === null) return null;
  params.delete("token");
  const query = params.toString();
  history.replaceState(history.state, "", `${loc.pathname}${query ? `?${query}` : ""}${loc.hash}`);
  if (token.trim() === "") return null;
  storeToken(token);
  return token.trim();
}
