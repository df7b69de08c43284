import type { ApiError } from "../api/api-error";

/** An API failure as the user sees it: what went wrong and the stable code to look up. */
export function ErrorNotice({ title, error }: { title: string; error: ApiError }) {
  return (
    <div className="notice notice-error" role="alert" data-testid="error-notice">
      <strong>{title}</strong>
      <p>{error.message}</p>
      <p className="notice-code">
        <code>{error.code}</code>
        {error.status > 0 && <span> · HTTP {error.status}</span>}
      </p>
    </div>
  );
}
