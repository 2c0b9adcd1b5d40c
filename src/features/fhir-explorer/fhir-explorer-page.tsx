import { useMutation } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useStore } from "zustand";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { labEndpoints } from "../../lib/lab-config.ts";
import { latestIssuedTokens } from "../../lib/latest-issued-tokens.ts";
import { traceLog } from "../../lib/trace-log.ts";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { EXPLORER_EXAMPLES, type ExplorerExample } from "./explorer-examples.ts";
import { sendExplorerRequestMutation } from "./explorer-mutations.ts";
import { type ExplorerBases, type ExplorerRequest, followLinkRequest } from "./explorer-request.ts";
import { ExplorerRequestForm } from "./explorer-request-form.tsx";
import { ExplorerResponseView } from "./explorer-response-view.tsx";
import { OpenModeBanner } from "./open-mode-banner.tsx";
import { RequestHistoryList } from "./request-history-list.tsx";
import type { ExplorerExchange } from "./send-explorer-request.ts";
import "./fhir-explorer.css";
import { TOOL_HEADINGS } from "../../lib/app-paths.ts";

/** How many exchanges the page keeps (in memory; a reload starts a new history). */
const HISTORY_LIMIT = 50;

const INITIAL_REQUEST: ExplorerRequest = {
  mode: "open",
  method: "GET",
  path: "Patient?_count=5",
  body: "",
  token: "",
};

interface FhirExplorerProps {
  /** The request the form starts with (a lesson's prepared request). */
  initial?: Partial<ExplorerRequest>;
  /** Inside a lesson: a section under the lesson's headings, without the examples and the history. */
  embedded?: boolean;
}

/**
 * The FHIR explorer: a request builder against the lab's FHIR server (open or SMART-secured base), its answers
 * shown as results, resources with sanitised narratives, OperationOutcomes and scope decisions, and the page's
 * request history.
 */
export function FhirExplorerPage({ initial, embedded = false }: FhirExplorerProps = {}) {
  const bases = useMemo<ExplorerBases>(() => ({ open: labEndpoints.openFhirBase, secured: labEndpoints.fhirBase }), []);
  const bodyId = useId();
  const pathId = useId();
  const [form, setForm] = useState<ExplorerRequest>(() => ({ ...INITIAL_REQUEST, ...initial }));
  const titles = { request: useId(), examples: useId(), response: useId(), history: useId() };
  const events = useStore(traceLog, (state) => state.events);
  const lastLaunchToken = useMemo(() => latestIssuedTokens(events, labEndpoints.token)?.accessToken, [events]);
  const [history, setHistory] = useState<ExplorerExchange[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const send = useMutation(sendExplorerRequestMutation(bases));
  const selected = history.find((exchange) => exchange.id === selectedId) ?? null;

  function run(request: ExplorerRequest) {
    setForm(request);
    setLinkError(null);
    send.mutate(request, {
      onSuccess: (exchange) => {
        setForm(exchange.request);
        setHistory((previous) => [exchange, ...previous].slice(0, HISTORY_LIMIT));
        setSelectedId(exchange.id);
      },
    });
  }

  function runExample(example: ExplorerExample) {
    const request: ExplorerRequest = { ...form, method: example.method, path: example.path, body: example.body ?? "" };
    if (example.sendNow) run(request);
    else {
      setForm(request);
      focusLater(bodyId);
    }
  }

  function fillForm(request: ExplorerRequest, focusId: string) {
    setForm(request);
    focusLater(focusId);
  }

  const from = selected?.request ?? form;
  const Wrapper = embedded ? "section" : "article";
  const Heading = embedded ? "h3" : "h2";
  // Inside a lesson several explorers may share a page: their parts are not landmarks of their own.
  const Part = embedded ? "div" : "section";
  // The prepared request names an embedded explorer, so two on one page (open and secured) are told apart.
  const requestName = `${initial?.method ?? "GET"} ${initial?.path ?? ""} (${initial?.mode ?? "open"} base)`;
  const status = send.isPending
    ? "Sending…"
    : selected
      ? `#${selected.id} ${selected.sent.method} ${selected.request.path || "(base)"}: HTTP ${selected.response.status} ${selected.response.statusText}`
      : "";

  return (
    <Wrapper className="fhir-explorer" aria-label={embedded ? `FHIR explorer: ${requestName}` : undefined}>
      {embedded ? null : <h1>{TOOL_HEADINGS.fhirExplorer}</h1>}
      <p className={embedded ? "form-help" : "lead"}>
        Send REST requests to the lab's FHIR R4 server and read its answers: search results with paging, resources with
        their narrative, OperationOutcomes, and — on the secured base — which resources the token's scopes returned or
        hid.
      </p>

      <Part aria-labelledby={embedded ? undefined : titles.request}>
        <Heading id={titles.request}>Request</Heading>
        {form.mode === "open" ? <OpenModeBanner context="request" base={bases.open} /> : null}
        <ExplorerRequestForm
          value={form}
          bases={bases}
          bodyId={bodyId}
          pathId={pathId}
          pending={send.isPending}
          onChange={setForm}
          onSend={run}
          lastLaunchToken={lastLaunchToken}
          label={embedded ? `Request: ${requestName}` : "Request"}
        />
        {embedded ? null : (
          <>
            <h3 id={titles.examples}>Examples</h3>
            <ul className="explorer-examples" aria-labelledby={titles.examples}>
              {EXPLORER_EXAMPLES.map((example) => (
                <li key={example.label}>
                  <button
                    type="button"
                    className="button"
                    title={`${example.method} ${example.path}`}
                    onClick={() => runExample(example)}
                  >
                    {example.label}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </Part>

      <Part aria-labelledby={embedded ? undefined : titles.response} className="explorer-response-section">
        <Heading id={titles.response}>Response</Heading>
        <p role="status" className="visually-hidden">
          {status}
        </p>
        {send.isError ? <ErrorAlert>The request could not be sent: {send.error.message}</ErrorAlert> : null}
        {linkError ? <ErrorAlert>{linkError}</ErrorAlert> : null}
        {selected ? (
          <ExplorerResponseView
            key={selected.id}
            exchange={selected}
            openBase={bases.open}
            onFollowLink={(url) => {
              const next = followLinkRequest(selected.request, bases, url);
              if ("error" in next) setLinkError(next.error);
              else run(next);
            }}
            onOpen={(reference) => run({ ...from, method: "GET", path: reference, body: "" })}
            onEdit={(resource: FhirResource) =>
              fillForm(
                {
                  ...from,
                  method: "PUT",
                  path: `${resource.resourceType}/${resource.id}`,
                  body: JSON.stringify(resource, null, 2),
                },
                bodyId,
              )
            }
            onPrepareDelete={(resource: FhirResource) =>
              fillForm({ ...from, method: "DELETE", path: `${resource.resourceType}/${resource.id}`, body: "" }, pathId)
            }
          />
        ) : (
          <p className="hint">Send a request or pick an example: the answer appears here.</p>
        )}
      </Part>

      {embedded ? null : (
        <section aria-labelledby={titles.history}>
          <h2 id={titles.history}>History</h2>
          <RequestHistoryList
            exchanges={history}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onClear={() => {
              setHistory([]);
              setSelectedId(null);
            }}
          />
        </section>
      )}
    </Wrapper>
  );
}

/** Moves focus after React has rendered the element (the body editor appears only for POST/PUT). */
function focusLater(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
