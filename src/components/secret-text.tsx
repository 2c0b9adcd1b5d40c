import { useState } from "react";
import { findSecrets, maskSecrets } from "../protocol/oauth/find-secrets.ts";
import { ShowSecretsButton } from "./show-secrets-button.tsx";

/** A JSON or form text in a code block, with the credentials it holds masked until "Show secrets". */
export function SecretText({ text }: { text: string }) {
  const [shown, setShown] = useState(false);
  const secrets = findSecrets({ headers: {}, body: text });
  return (
    <div className="secret-text">
      {secrets.length > 0 ? (
        <ShowSecretsButton shown={shown} count={secrets.length} onToggle={() => setShown((on) => !on)} />
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <pre tabIndex={0}>
        <code>{shown ? text : maskSecrets(text, secrets)}</code>
      </pre>
    </div>
  );
}
