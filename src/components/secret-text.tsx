import { useState } from "react";
import { findSecrets, maskSecrets } from "../protocol/oauth/find-secrets.ts";

/** A JSON or form text in a code block, with the credentials it holds masked until "Show secrets". */
export function SecretText({ text }: { text: string }) {
  const [shown, setShown] = useState(false);
  const secrets = findSecrets({ headers: {}, body: text });
  return (
    <div className="secret-text">
      {secrets.length > 0 ? (
        <button
          type="button"
          className="button button-small"
          aria-pressed={shown}
          onClick={() => setShown((on) => !on)}
        >
          {shown ? "Hide secrets" : `Show secrets (${secrets.length})`}
        </button>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <pre tabIndex={0}>
        <code>{shown ? text : maskSecrets(text, secrets)}</code>
      </pre>
    </div>
  );
}
