import { ErrorAlert } from "../../components/error-alert.tsx";
import { formatBody } from "../../components/http-exchange-view.tsx";
import { decodeScopeDecisions } from "../../protocol/fhir/decode-scope-decisions.ts";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { AuthChallengeView } from "./auth-challenge-view.tsx";
import { BundleResultsView } from "./bundle-results-view.tsx";
import { answeredByWebHost, describeResponseBody } from "./describe-response.ts";
import { displayHeaderValue } from "./explorer-request.ts";
import { OpenModeBanner } from "./open-mode-banner.tsx";
import { OperationOutcomeIssues } from "./operation-outcome-issues.tsx";
import { ResourceView } from "./resource-view.tsx";
import { ScopeDecisionsView } from "./scope-decisions-view.tsx";
import { type ExplorerExchange, headerValue } from "./send-explorer-request.ts";

interface Props {
  exchange: ExplorerExchange;
  openBase: string;
  onFollowLink(url: string): void;
  onOpen(reference: string): void;
  onEdit(resource: FhirResource): void;
  onPrepareDelete(resource: FhirResource): void;
}

/**
 * One answer of the FHIR server: status line, the open-mode mark, the auth challenge of a 401/403, the body in
 * the form that suits it (issues, results table with paging, resource with narrative, JSON), the scope
 * decisions, then headers and the raw exchange.
 */
export function ExplorerResponseView({ exchange, openBase, onFollowLink, onOpen, onEdit, onPrepareDelete }: Props) {
  const { response, sent } = exchange;
  const body = describeResponseBody(response.json, response.bodyText);
  const scopeView = decodeScopeDecisions(response.headers, response.json);
  const openMode = headerValue(response.headers, "X-Lab-Mode") === "open";
  const ok = response.status >= 200 && response.status < 300;
  return (
    <div className="explorer-response">
      <p className={`status-line ${ok ? "status-ok" : "status-error"}`} data-testid="status-line">
        <strong>
          HTTP {response.status} {response.statusText}
        </strong>{" "}
        <span className="status-request">
          <code>
            {sent.method} {sent.url}
          </code>{" "}
          · {Math.round(exchange.durationMs)} ms
        </span>
      </p>
      {answeredByWebHost(response.headers) ? (
        <ErrorAlert data-testid="web-host-answer">
          This answer is the web host's own page, not the lab's FHIR server's: the request went past the lab's service
          worker, which is what hands the page's requests to the lab's servers. DevTools' "Bypass for network"
          (Application → Service workers) sends every request past it. Turn it off and send the request again.
        </ErrorAlert>
      ) : null}
      {openMode ? <OpenModeBanner context="response" base={openBase} /> : null}
      {response.status === 401 || response.status === 403 ? (
        <AuthChallengeView status={response.status} challenge={headerValue(response.headers, "WWW-Authenticate")} />
      ) : null}
      {body.kind === "outcome" ? (
        <section className="outcome" aria-labelledby="outcome-title">
          <h3 id="outcome-title">OperationOutcome</h3>
          <OperationOutcomeIssues issues={body.issues} caption="Issues reported by the server" />
        </section>
      ) : null}
      {body.kind === "bundle" ? (
        <BundleResultsView
          bundle={body.bundle}
          rows={body.rows}
          links={body.links}
          outcomeIssues={body.outcomeIssues}
          onFollowLink={onFollowLink}
          onOpen={onOpen}
        />
      ) : null}
      {scopeView ? <ScopeDecisionsView view={scopeView} /> : null}
      {body.kind === "resource" ? (
        <ResourceView
          resource={body.resource}
          onEdit={() => onEdit(body.resource)}
          onPrepareDelete={() => onPrepareDelete(body.resource)}
        />
      ) : null}
      {body.kind === "json" ? (
        <pre className="json-view">
          <code>{JSON.stringify(body.value, null, 2)}</code>
        </pre>
      ) : null}
      {body.kind === "empty" ? <p className="hint">No response body.</p> : null}
      <h3>Response headers</h3>
      <dl className="facts response-headers">
        {response.headers.map(([name, value]) => (
          <HeaderLine key={name} name={name} value={displayHeaderValue(name, value)} />
        ))}
      </dl>
      <details className="raw-exchange">
        <summary>Request sent</summary>
        <pre className="json-view">
          <code>
            {`${sent.method} ${sent.url}\n${sent.headers.map(([name, value]) => `${name}: ${displayHeaderValue(name, value)}`).join("\n")}`}
            {sent.body ? `\n\n${sent.body}` : ""}
          </code>
        </pre>
      </details>
      {body.kind !== "empty" && body.kind !== "resource" ? (
        <details className="raw-exchange">
          <summary>Raw response body</summary>
          <pre className="json-view">
            <code>{formatBody(response.bodyText)}</code>
          </pre>
        </details>
      ) : null}
    </div>
  );
}

function HeaderLine({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        <code>{value}</code>
      </dd>
    </>
  );
}
