import { Link } from "react-router";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { HttpExchangeView } from "../../components/http-exchange-view.tsx";
import { handOffJwt } from "../../lib/jwt-handoff.ts";
import { findSecrets, maskSecrets } from "../../protocol/oauth/find-secrets.ts";
import type { FlowHop, FlowRecording } from "./flow-recording.ts";
import type { FlowStepView } from "./flow-steps.ts";
import type { FlowVariant } from "./flow-variants.ts";
import { PkcePanel } from "./pkce-panel.tsx";

interface Props {
  recording: FlowRecording;
  step: FlowStepView;
  variants: FlowVariant[];
  busy: boolean;
  onVariant(variant: FlowVariant): void;
  onVerifierChange(verifier: string): void;
}

const STATUS_TEXT: Record<FlowStepView["status"], string> = {
  done: "done",
  next: "next",
  pending: "not yet",
  failed: "failed",
};

function HopView({ hop }: { hop: FlowHop }) {
  switch (hop.kind) {
    case "http":
      return (
        <HttpExchangeView
          request={hop.exchange.request}
          response={hop.exchange.response}
          secrets={hop.exchange.secrets}
          copyable
        />
      );
    case "navigation":
      return (
        <p>
          The browser went to <code className="wrap">{maskSecrets(hop.url, hop.secrets)}</code> (see the address bar
          above).
        </p>
      );
    case "app":
      switch (hop.work.type) {
        case "pkce":
          return <PkcePanel verifier={hop.work.verifier} sentChallenge={hop.work.challenge} />;
        case "state-check":
          return (
            <dl className="key-values">
              <dt>state sent</dt>
              <dd>
                <code>{hop.work.sent}</code>
              </dd>
              <dt>state received</dt>
              <dd>
                <code>{hop.work.received ?? "(none)"}</code>
              </dd>
              <dt>verdict</dt>
              <dd>{hop.work.ok ? "the same: the app goes on" : "different: the app refuses the response"}</dd>
            </dl>
          );
        case "launch-received":
          return (
            <dl className="key-values">
              <dt>iss</dt>
              <dd>
                <code>{hop.work.iss}</code> —{" "}
                {hop.work.trusted ? "the FHIR server this app is set up for" : "not a server this app knows"}
              </dd>
              <dt>launch</dt>
              <dd>
                <code>{hop.work.launch}</code> (opaque: the app passes it back, it never reads it)
              </dd>
            </dl>
          );
        case "assertion": {
          const [header, payload, signature] = hop.work.jwt.split(".");
          return (
            <div className="assertion">
              <p>Header and claims, then the signed compact form (header.payload.signature):</p>
              <pre>
                <code>{JSON.stringify({ header: hop.work.header, claims: hop.work.claims }, null, 2)}</code>
              </pre>
              <p className="jwt-compact">
                <code>
                  <span className="jwt-header">{header}</span>.<span className="jwt-payload">{payload}</span>.
                  <span className="jwt-signature">{signature}</span>
                </code>
              </p>
              <Link to="/jwt" onClick={() => handOffJwt(hop.work.type === "assertion" ? hop.work.jwt : "")}>
                Open the assertion in the JWT inspector
              </Link>
            </div>
          );
        }
      }
  }
}

function Planned({ step }: { step: FlowStepView }) {
  if (step.planned.kind === "http") {
    const { request } = step.planned;
    const secrets = findSecrets(request);
    const lines = [
      `${request.method} ${request.url}`,
      ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
      ...(request.body ? ["", request.body] : []),
    ].join("\n");
    return (
      <div className="planned">
        <p>
          <strong>About to send</strong> (press Next):
        </p>
        <pre className="http-message">
          <code>{maskSecrets(lines, secrets)}</code>
        </pre>
      </div>
    );
  }
  if (step.planned.kind === "navigation") {
    return (
      <p className="planned">
        <strong>About to send the browser</strong> to the URL in the address bar above (press Next). Read it first: this
        is all the authorization server learns about the request.
      </p>
    );
  }
  return null;
}

/** Everything about the step at the cursor: what happens, what was sent and answered, and how to break it. */
export function StepDetail({ recording, step, variants, busy, onVariant, onVerifierChange }: Props) {
  const { definition } = step;
  const pkceDraft = definition.id === "pkce" && step.status === "next";
  return (
    <section className="flow-step-detail" aria-labelledby="flow-step-title">
      <h2 id="flow-step-title" tabIndex={-1}>
        Step {step.index + 1}: {definition.title}{" "}
        <span className={`flow-status flow-status-${step.status}`}>{STATUS_TEXT[step.status]}</span>
      </h2>
      <p>
        {definition.explanation}{" "}
        <a href={definition.specUrl} target="_blank" rel="noreferrer">
          Spec
        </a>
      </p>
      {step.failure ? <ErrorAlert>{step.failure}</ErrorAlert> : null}
      {pkceDraft ? <PkcePanel verifier={recording.pkce?.verifier ?? ""} onChange={onVerifierChange} /> : null}
      {step.status === "next" && step.actor === "learner" ? (
        <p className="planned">
          <strong>Your turn, on the authorization server's pages:</strong> sign in, pick the patient and approve. The
          server then sends the browser back here with a code.
        </p>
      ) : null}
      {step.status === "next" ? <Planned step={step} /> : null}
      {step.hops.map((hop) => (
        <HopView key={`${hop.kind}-${hop.at}`} hop={hop} />
      ))}
      {variants.length > 0 || step.variants.length > 0 ? (
        <section className="flow-variants" aria-label="Break it">
          <h3>Break it</h3>
          <p className="form-help">Each button sends the broken request to the real server (nothing else changes).</p>
          <ul className="flow-variant-buttons">
            {variants.map((variant) => (
              <li key={variant.id}>
                <button
                  type="button"
                  className="button"
                  disabled={busy || !variant.available(recording)}
                  onClick={() => onVariant(variant)}
                >
                  {variant.label}
                </button>
              </li>
            ))}
          </ul>
          {step.variants.length > 0 ? (
            <ol className="flow-variant-results">
              {step.variants.map((result) => {
                const variant = variants.find((candidate) => candidate.id === result.variant);
                return (
                  <li
                    key={`${result.variant}-${result.at}`}
                    className={result.refused ? "variant-refused" : "variant-accepted"}
                  >
                    <p>
                      <strong>{variant?.label ?? result.variant}:</strong> {result.outcome}
                    </p>
                    {variant ? (
                      <p className="form-help">
                        Rule: {variant.rule}{" "}
                        <a href={variant.specUrl} target="_blank" rel="noreferrer">
                          Spec
                        </a>
                      </p>
                    ) : null}
                    {result.exchange ? (
                      <details>
                        <summary>The exchange</summary>
                        <HttpExchangeView
                          request={result.exchange.request}
                          response={result.exchange.response}
                          secrets={result.exchange.secrets}
                          copyable
                        />
                      </details>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
