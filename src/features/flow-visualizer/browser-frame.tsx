import { useState } from "react";
import { explainUrl } from "./url-parameters.ts";

/**
 * A browser window's address bar with the URL at this point of the flow, and below it every query parameter on
 * its own line with what it is for. Credentials (the code) are masked until shown.
 */
export function BrowserFrame({ url, pending }: { url: string | null; pending: boolean }) {
  const [shown, setShown] = useState(false);
  if (!url) {
    return (
      <section className="browser-frame" aria-label="Browser">
        <p className="browser-bar">
          <span className="visually-hidden">Address: </span>(the browser has not been sent anywhere yet)
        </p>
      </section>
    );
  }
  const explained = explainUrl(url);
  const hasSecret = explained.parameters.some((parameter) => parameter.secret);
  return (
    <section className="browser-frame" aria-label="Browser">
      <p className="browser-bar">
        <span className="visually-hidden">Address: </span>
        <code>{explained.base}</code>
        {pending ? <span className="browser-pending"> — the app is about to send the browser here</span> : null}
      </p>
      {explained.parameters.length > 0 ? (
        <dl className="url-parameters">
          {explained.parameters.map((parameter) => (
            <div key={`${parameter.name}=${parameter.value}`} className="url-parameter">
              <dt>
                <code>{parameter.name}</code>
              </dt>
              <dd>
                <code className="url-parameter-value">
                  {parameter.secret && !shown ? `•••• (${parameter.value.length} characters)` : parameter.value}
                </code>
                <span className="url-parameter-meaning">
                  {parameter.meaning}
                  {parameter.specUrl ? (
                    <>
                      {" "}
                      <a href={parameter.specUrl} target="_blank" rel="noreferrer">
                        spec
                      </a>
                    </>
                  ) : null}
                </span>
                {parameter.scopes ? (
                  <ul className="url-parameter-scopes">
                    {parameter.scopes.map((scope) => (
                      <li key={scope.scope}>
                        <code>{scope.scope}</code> — {scope.valid ? scope.title : `not a valid scope: ${scope.title}`}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {hasSecret ? (
        <button
          type="button"
          className="button button-small"
          aria-pressed={shown}
          onClick={() => setShown((on) => !on)}
        >
          {shown ? "Hide the code" : "Show the code"}
        </button>
      ) : null}
    </section>
  );
}
