import { useId, useState } from "react";
import { CodeBlock } from "../../components/code-block.tsx";
import type { WorkbenchProjectId } from "../../data/workbench-templates.ts";
import { curlCommand } from "../../lib/http-snippets.ts";
import { maskSecrets } from "../../protocol/oauth/find-secrets.ts";
import type { RunRequest } from "./run-exchanges.ts";

/**
 * One launch three ways, side by side: fhirclient's few calls, the same steps written with plain fetch (both as the
 * learner has them now), and the
 * raw HTTP of the learner's last run (curl lines of what really crossed the wire).
 */
export function WorkbenchCompare({
  requests,
  files,
}: {
  requests: readonly RunRequest[];
  /** Both projects' files as the learner has them now. */
  files: Readonly<Record<WorkbenchProjectId, Readonly<Record<string, string>>>>;
}) {
  const id = useId();
  const fhirclient = files.fhirclient;
  const plain = files["plain-fetch"];
  const [shown, setShown] = useState(false);
  return (
    <div className="workbench-compare">
      <section aria-labelledby={`${id}-fhirclient`}>
        <h2 id={`${id}-fhirclient`}>fhirclient</h2>
        <p className="form-help">
          Two calls: <code>FHIR.oauth2.authorize()</code> does discovery, PKCE and the redirect;{" "}
          <code>FHIR.oauth2.ready()</code> checks state, exchanges the code and returns a client that sends the token.
        </p>
        <CodeBlock>
          <code>{`// launch.html\n${/<script>\s*([\s\S]*?)<\/script>/.exec(fhirclient["launch.html"] ?? "")?.[1]?.trim() ?? ""}\n\n// app.js\n${fhirclient["app.js"] ?? ""}`}</code>
        </CodeBlock>
      </section>
      <section aria-labelledby={`${id}-fetch`}>
        <h2 id={`${id}-fetch`}>Plain fetch, no library</h2>
        <p className="form-help">
          Every step in your own code: discovery, PKCE, the redirect, the code exchange, a Bearer request, a refresh.
        </p>
        <CodeBlock>
          <code>{plain["smart.js"] ?? ""}</code>
        </CodeBlock>
      </section>
      <section aria-labelledby={`${id}-http`}>
        <h2 id={`${id}-http`}>Raw HTTP of your last run</h2>
        {requests.length === 0 ? (
          <p className="hint">Run your app (either project): the requests it made appear here as curl lines.</p>
        ) : (
          <>
            <button type="button" className="button" aria-pressed={shown} onClick={() => setShown(!shown)}>
              {shown ? "Hide secrets" : "Show secrets (codes, verifiers, tokens)"}
            </button>
            <ol className="workbench-http">
              {requests.map((request) => (
                <li key={request.seq}>
                  <p className="form-help">
                    Timeline #{request.seq} ·{" "}
                    {request.via === "browser"
                      ? "a browser navigation (the authorization request; state and code_challenge not kept)"
                      : `HTTP ${request.status}`}
                  </p>
                  <CodeBlock>
                    <code>
                      {request.via === "browser"
                        ? `# open in the browser\n${request.url}`
                        : shown
                          ? curlCommand(request)
                          : maskSecrets(curlCommand(request), request.secrets)}
                    </code>
                  </CodeBlock>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
    </div>
  );
}
