import { useState } from "react";
import { copyToClipboard } from "../../lib/copy-to-clipboard.ts";

interface Props {
  secret: string;
  /** Shown at first (right after registration, as portals do once); masked otherwise. */
  initiallyRevealed?: boolean;
}

/**
 * A client secret, masked by default so it is not on a projected screen by accident, with Show/Hide and Copy.
 * The mask has a fixed length: it does not reveal how long the secret is.
 *
 */
export function ClientSecretField({ secret, initiallyRevealed = false }: Props) {
  const [revealed, setRevealed] = useState(initiallyRevealed);
  const [copyMessage, setCopyMessage] = useState("");
  return (
    <span className="secret-field">
      {revealed ? (
        <code data-testid="client-secret">{secret}</code>
      ) : (
        <code data-testid="client-secret">
          <span aria-hidden="true">••••••••••••</span>
          <span className="visually-hidden">hidden</span>
        </code>
      )}
      <button
        type="button"
        className="button button-small"
        aria-pressed={revealed}
        onClick={() => setRevealed(!revealed)}
      >
        Show secret
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={async () => setCopyMessage(await copyToClipboard(secret, "client secret"))}
      >
        Copy secret
      </button>
      <span role="status" className="form-help">
        {copyMessage}
      </span>
    </span>
  );
}
