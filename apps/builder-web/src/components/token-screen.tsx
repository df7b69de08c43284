import { useState, type FormEvent } from "react";

/** Asks for an access token; shown when there is none or the API refused the last one. */
export function TokenScreen({ message, onSubmit }: { message: string | null; onSubmit: (token: string) => void }) {
  const [value, setValue] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    if (value.trim() !== "") onSubmit(value.trim());
  }

  return (
    <div className="token-screen">
      <form className="token-card" onSubmit={submit} data-testid="token-screen">
        <h1>Sign in to the workflow builder</h1>
        {message && (
          <p className="notice notice-error" role="alert">
            {message}
          </p>
        )}
        <p>
          Paste an access token. <code>./bos start</code> prints a demo token (and a link that signs you in), and{" "}
          <code>./bos token</code> prints a fresh one.
        </p>
        <label htmlFor="token-input">Access token</label>
        <textarea
          id="token-input"
          name="token"
          rows={4}
          spellCheck={false}
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" disabled={value.trim() === ""}>
          Continue
        </button>
      </form>
    </div>
  );
}
