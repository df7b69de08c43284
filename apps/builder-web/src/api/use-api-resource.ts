import { useEffect, useState } from "react";
import type { ApiClient } from "./api-client";
import { toApiError, type ApiError } from "./api-error";
import { useApiContext } from "./api-context";

export type Resource<T> =
  | { kind: "loading" }
  | { kind: "ready"; value: T }
  | { kind: "failed"; error: ApiError };

/**
 * Loads one thing from the API when `key` changes; aborts the call if the screen goes away first.
 * A 401 is handed to the app (back to the token screen) instead of being shown in place.
 */
export function useApiResource<T>(key: string, load: (client: ApiClient, signal: AbortSignal) => Promise<T>): Resource<T> {
  const { client, onUnauthorized } = useApiContext();
  const [state, setState] = useState<Resource<T>>({ kind: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: "loading" });
    load(client, controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ kind: "ready", value });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = toApiError(error);
        if (apiError.isUnauthorized) onUnauthorized(apiError);
        else setState({ kind: "failed", error: apiError });
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; `key` names what it loads.
  }, [client, key]);

  return state;
}
