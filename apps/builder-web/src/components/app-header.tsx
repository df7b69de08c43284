import { hrefFor } from "../routing/route";

export function AppHeader({ onSignOut }: { onSignOut: () => void }) {
  return (
    <header className="app-header">
      <a className="app-title" href={hrefFor({ kind: "workflow-list" })}>
        BusinessOS <span>Workflows</span>
      </a>
      <button type="button" className="link-button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
