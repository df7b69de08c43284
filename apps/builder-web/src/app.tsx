import { useCallback, useMemo, useState } from "react";
import { createApiClient } from "./api/api-client";
import { ApiProvider } from "./api/api-context";
import type { ApiError } from "./api/api-error";
import { clearStoredToken, storeToken } from "./auth/token-store";
import { AppHeader } from "./components/app-header";
import { NotFoundPage } from "./components/not-found-page";
import { TokenScreen } from "./components/token-screen";
import { WorkflowListPage } from "./components/workflow-list-page";
import { WorkflowPage } from "./components/workflow-page";
import { useHashRoute } from "./routing/use-hash-route";

/** Token gate, then the screen the hash names. */
export function App({ initialToken }: { initialToken: string | null }) {
  const [token, setToken] = useState<string | null>(initialToken);
  const [signInMessage, setSignInMessage] = useState<string | null>(null);
  const route = useHashRoute();

  const client = useMemo(() => (token ? createApiClient({ token }) : null), [token]);

  const signIn = useCallback((newToken: string) => {
    storeToken(newToken);
    setSignInMessage(null);
    setToken(newToken.trim());
  }, []);

  const signOut = useCallback((message: string | null) => {
    clearStoredToken();
    setSignInMessage(message);
    setToken(null);
  }, []);

  const onUnauthorized = useCallback(
    (error: ApiError) => signOut(`The API refused the token (${error.code}): ${error.message}`),
    [signOut],
  );

  if (!client) return <TokenScreen message={signInMessage} onSubmit={signIn} />;

  return (
    <ApiProvider client={client} onUnauthorized={onUnauthorized}>
      <div className="app">
        <AppHeader onSignOut={() => signOut(null)} />
        <main className="app-main">
          {route.kind === "workflow-list" && <WorkflowListPage />}
          {route.kind === "workflow" && <WorkflowPage key={route.id} id={route.id} />}
          {route.kind === "not-found" && <NotFoundPage hash={route.hash} />}
        </main>
      </div>
    </ApiProvider>
  );
}
