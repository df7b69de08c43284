import { createContext, useContext, type ReactNode } from "react";
import type { ApiClient } from "./api-client";
import type { ApiError } from "./api-error";

interface ApiContextValue {
  client: ApiClient;
  /** Called when a call answers 401: the app drops the token and asks for a new one. */
  onUnauthorized(error: ApiError): void;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider(props: ApiContextValue & { children: ReactNode }) {
  const { client, onUnauthorized, children } = props;
  return <ApiContext.Provider value={{ client, onUnauthorized }}>{children}</ApiContext.Provider>;
}

export function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error("useApiContext must be used inside <ApiProvider>");
  return value;
}
