import { hrefFor } from "../routing/route";

export function NotFoundPage({ hash }: { hash: string }) {
  return (
    <section className="page">
      <h1>Nothing here</h1>
      <p>
        The address <code>{hash}</code> does not name a builder page.{" "}
        <a href={hrefFor({ kind: "workflow-list" })}>Go to the workflows</a>.
      </p>
    </section>
  );
}
