import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { handOffJwt } from "../../lib/jwt-handoff.ts";
import type { AuthorizationInteraction } from "../../servers/authorization-server/authorization-flow.ts";
import {
  DEFAULT_INPUT,
  inputToSearch,
  type PlaygroundInput,
  QUERY_EXAMPLES,
  SCOPE_PRESETS,
} from "./playground-input.ts";
import {
  PLAYGROUND_DEBOUNCE_MS,
  useConsentPreview,
  useDebounced,
  usePlaygroundChoices,
  usePlaygroundRun,
} from "./playground-queries.ts";
import { diffRows, type PlaygroundRow, playgroundRows } from "./playground-results.ts";
import type { PlaygroundToken } from "./playground-run.ts";
import "./scope-playground.css";

/** The scope editor, handed in by the app (features do not import each other). */
export type RenderScopeEditor = (props: {
  value: string;
  onChange(value: string): void;
  label: string;
  launch: "user-facing" | "backend";
  id: string;
}) => ReactNode;

/** The authorization server's consent form in preview mode, handed in by the app. */
export type RenderConsent = (interaction: AuthorizationInteraction) => ReactNode;

interface Props {
  initial?: PlaygroundInput;
  renderEditor: RenderScopeEditor;
  renderConsent?: RenderConsent;
  /** Shown in a lesson: no share link that would leave the lesson, no consent section. */
  embedded?: boolean;
}

function GrantedVsAsked({ token }: { token: PlaygroundToken }) {
  if (!token.ok) {
    return (
      <ErrorAlert>
        The authorization server refused at the{" "}
        {token.stage === "authorize" ? "authorization request" : "token endpoint"}: <code>{token.error}</code> —{" "}
        {token.description}
      </ErrorAlert>
    );
  }
  const changed = token.offers.filter((offer) => offer.grantable !== offer.requested);
  return (
    <section className="granted-vs-asked" aria-label="Asked for and granted">
      <p>
        Asked for <code>{token.requested}</code>; the token grants{" "}
        <code data-testid="granted-scope">{token.granted}</code>.
      </p>
      {token.added.length > 0 ? (
        <p className="form-help">
          The playground added <code>{token.added.join(" ")}</code> so the server puts the patient you chose in context.
        </p>
      ) : null}
      {changed.length > 0 ? (
        <ul className="offer-changes">
          {changed.map((offer) => (
            <li key={offer.requested}>
              <code>{offer.requested}</code>
              {offer.grantable ? (
                <>
                  {" "}
                  → <code>{offer.grantable}</code>
                </>
              ) : null}
              : {offer.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const CHANGE_TEXT: Record<string, string> = { "newly-returned": "newly returned", "newly-hidden": "newly hidden" };

function Results({ rows, previous }: { rows: ReturnType<typeof playgroundRows>; previous: PlaygroundRow[] }) {
  // The first run has nothing to compare with: no highlight.
  const changes =
    previous.length > 0
      ? diffRows(
          previous,
          rows.groups.flatMap((group) => group.rows),
        )
      : new Map();
  return (
    <section className="playground-results" aria-labelledby="playground-results-title">
      <h3 id="playground-results-title">
        <span data-testid="returned-count">{rows.returned} returned</span>,{" "}
        <span data-testid="hidden-count">{rows.hidden} hidden</span>
      </h3>
      {rows.truncated ? (
        <p className="form-help">The server listed only the first hidden resources; the counts are exact.</p>
      ) : null}
      {rows.groups.map((group) => (
        <section
          key={group.type}
          className="playground-group"
          aria-label={`${group.type}: ${group.returned} returned, ${group.hidden} hidden`}
        >
          <h4>
            {group.type}{" "}
            <span className="form-help">
              ({group.returned} returned, {group.hidden} hidden)
            </span>
          </h4>
          {group.clusters.map((cluster) => (
            <div
              key={`${cluster.verdict} ${cluster.reason}`}
              className={`playground-cluster cluster-${cluster.verdict}`}
            >
              <p className="cluster-reason">
                <strong className="row-verdict">
                  {cluster.rows.length} {cluster.verdict}
                </strong>{" "}
                — {cluster.reason}
              </p>
              <ul className="playground-rows">
                {cluster.rows.map((row) => {
                  const change = changes.get(row.reference) ?? "same";
                  return (
                    <li
                      key={`${row.mode}-${row.reference}`}
                      className={`playground-row row-${row.verdict} row-${change}`}
                      data-verdict={row.verdict}
                      title={row.reason}
                    >
                      <code>{row.reference}</code>
                      {row.mode === "include" ? <span className="form-help"> (included)</span> : null}
                      {CHANGE_TEXT[change] ? <em className="row-change"> — {CHANGE_TEXT[change]}</em> : null}
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}

const ANNOTATIONS: readonly { key: string; text: string }[] = [
  { key: "app", text: "The app's name, as it was registered: the user decides whom to trust with their data." },
  { key: "user", text: "Who is signed in: consent is given by this user, for what they may see themselves." },
  {
    key: "patient",
    text: "The patient picker, because the app asked for launch/patient: the patient chosen becomes the token's context.",
  },
  {
    key: "scopes",
    text: "Each scope in plain language, each with a tick: the user may grant less than asked, and the app must cope with what it gets.",
  },
  {
    key: "actions",
    text: "Accept sends the browser back to the app's registered redirect URI with a code — only a registered URI, so a code never reaches an attacker's page. Decline sends error=access_denied.",
  },
];

function ConsentExplained({ input, renderConsent }: { input: PlaygroundInput; renderConsent: RenderConsent }) {
  const [open, setOpen] = useState(false);
  const [annotated, setAnnotated] = useState(true);
  const preview = useConsentPreview(input, open);
  const titleId = useId();
  return (
    <section className="consent-explained" aria-labelledby={titleId}>
      <h2 id={titleId}>The consent screen, explained</h2>
      <p>
        Whether a user is asked is the authorization server's policy for the app — not a consequence of the client type.
        A confidential client is not exempt: the slide's "confidential clients likely do not need consent" is a common
        misreading. The lab asks for every request.
      </p>
      <div className="button-row">
        <button type="button" className="button" aria-expanded={open} onClick={() => setOpen((on) => !on)}>
          {open ? "Hide the consent screen" : "Show the consent screen for these scopes"}
        </button>
        {open ? (
          <label className="checkbox-line">
            <input type="checkbox" checked={annotated} onChange={(event) => setAnnotated(event.target.checked)} /> Show
            the annotations
          </label>
        ) : null}
      </div>
      {open && input.actor.kind === "backend" ? (
        <p>A backend service has no user, so there is no consent screen.</p>
      ) : null}
      {open && preview.data?.kind === "interaction" ? (
        <div className={`consent-preview${annotated ? " annotated" : ""}`}>
          <div className="consent-frame">{renderConsent(preview.data)}</div>
          {annotated ? (
            <ol className="consent-annotations" aria-label="What each part of the consent screen is for">
              {ANNOTATIONS.map((annotation) => (
                <li key={annotation.key} data-annotation={annotation.key}>
                  {annotation.text}
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
      {open && preview.data && preview.data.kind !== "interaction" ? (
        <ErrorAlert>
          The server would not show a consent screen for this request:{" "}
          {preview.data.kind === "redirect"
            ? new URL(preview.data.location).searchParams.get("error_description")
            : preview.data.description}
        </ErrorAlert>
      ) : null}
    </section>
  );
}

/**
 * The scope playground: edit scopes in Monaco, pick who is signed in and which patient is in context, and watch a
 * FHIR query's answer change — every matching resource, returned or hidden, with the server's reason.
 */
export function ScopePlayground({ initial = DEFAULT_INPUT, renderEditor, renderConsent, embedded = false }: Props) {
  const ids = {
    actor: useId(),
    patient: useId(),
    encounter: useId(),
    query: useId(),
    preset: useId(),
    example: useId(),
    editor: useId(),
  };
  const [input, setInput] = useState<PlaygroundInput>(initial);
  const settled = useDebounced(input, PLAYGROUND_DEBOUNCE_MS);
  const run = usePlaygroundRun(settled);
  const choices = usePlaygroundChoices(input.patient);
  const rows = playgroundRows(run.data?.answer?.view ?? null);
  // What moved since the result the learner last looked at: a result counts as looked at once it stayed on screen
  // for a moment, so the half-typed scopes in between do not. A new input's result is compared with that one.
  const stable = useRef<{ key: string; rows: PlaygroundRow[] }>({ key: "", rows: [] });
  const [diffBase, setDiffBase] = useState<PlaygroundRow[]>([]);
  const landed = run.isPlaceholderData ? undefined : run.data;
  const landedKey = JSON.stringify(settled);
  useEffect(() => {
    if (!landed?.answer) return;
    const current = playgroundRows(landed.answer.view).groups.flatMap((group) => group.rows);
    if (current.length === 0) return;
    if (stable.current.key !== landedKey) setDiffBase(stable.current.rows);
    const timer = setTimeout(() => {
      stable.current = { key: landedKey, rows: current };
    }, 800);
    return () => clearTimeout(timer);
  }, [landed, landedKey]);
  const set = (patch: Partial<PlaygroundInput>) => setInput((current) => ({ ...current, ...patch }));
  const persona = choices.base.data?.personas.find(
    (candidate) => input.actor.kind === "persona" && candidate.id === input.actor.personaId,
  );
  const patients = choices.base.data?.patients ?? [];
  const answer = run.data?.answer;
  const token = run.data?.token;

  return (
    <section className="scope-playground" aria-label="Scope playground" aria-busy={run.isFetching || settled !== input}>
      <div className="playground-inputs">
        <div className="playground-scopes">
          <label htmlFor={ids.preset}>Start from</label>
          <select
            id={ids.preset}
            value=""
            onChange={(event) => {
              if (event.target.value)
                set({
                  scopes: event.target.value,
                  ...(event.target.value.startsWith("system/") ? { actor: { kind: "backend" } } : {}),
                });
            }}
          >
            <option value="">a workshop example…</option>
            {SCOPE_PRESETS.map((preset) => (
              <option key={preset.label} value={preset.scopes}>
                {preset.label}
              </option>
            ))}
          </select>
          {renderEditor({
            value: input.scopes,
            onChange: (scopes) => set({ scopes }),
            label: "Scopes the app asks for",
            launch: input.actor.kind === "backend" ? "backend" : "user-facing",
            id: ids.editor,
          })}
        </div>
        <div className="playground-context">
          <label htmlFor={ids.actor}>Who is signed in</label>
          <select
            id={ids.actor}
            value={input.actor.kind === "backend" ? "backend" : input.actor.personaId}
            onChange={(event) => {
              const value = event.target.value;
              if (value === "backend") set({ actor: { kind: "backend" } });
              else {
                const chosen = choices.base.data?.personas.find((candidate) => candidate.id === value);
                const own = chosen?.kind === "patient" ? /Patient\/([\w.-]+)$/.exec(chosen.fhirUser)?.[1] : undefined;
                set({ actor: { kind: "persona", personaId: value }, ...(own ? { patient: own } : {}) });
              }
            }}
          >
            {(choices.base.data?.personas ?? []).map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({candidate.kind})
              </option>
            ))}
            <option value="backend">A backend service (no user)</option>
          </select>
          {input.actor.kind === "persona" ? (
            <>
              <label htmlFor={ids.patient}>Patient in context</label>
              <select
                id={ids.patient}
                value={input.patient ?? ""}
                onChange={(event) => {
                  const { encounter: _gone, ...rest } = input;
                  setInput(
                    event.target.value
                      ? { ...rest, patient: event.target.value }
                      : (({ patient: _p, ...without }) => without)(rest),
                  );
                }}
                disabled={persona?.kind === "patient"}
              >
                <option value="">none (no patient/ context)</option>
                {patients.map((patient) => (
                  <option key={patient.id} value={patient.id}>
                    {patient.name} ({patient.id})
                  </option>
                ))}
              </select>
              {input.patient ? (
                <>
                  <label htmlFor={ids.encounter}>Encounter in context</label>
                  <select
                    id={ids.encounter}
                    value={input.encounter ?? ""}
                    onChange={(event) => {
                      const { encounter: _gone, ...rest } = input;
                      setInput(event.target.value ? { ...rest, encounter: event.target.value } : rest);
                    }}
                  >
                    <option value="">none</option>
                    {(choices.encounters.data ?? []).map((encounter) => (
                      <option key={encounter.id} value={encounter.id}>
                        {encounter.id} · {encounter.status ?? ""}
                      </option>
                    ))}
                  </select>
                </>
              ) : null}
            </>
          ) : (
            <p className="form-help">System-level scopes only: a backend service has no user and no launch context.</p>
          )}
        </div>
      </div>
      <div className="playground-query">
        <label htmlFor={ids.query}>
          FHIR query (relative to the FHIR base; {"{patient}"} is the patient in context)
        </label>
        <input
          id={ids.query}
          className="mono-input"
          value={input.query}
          onChange={(event) => set({ query: event.target.value })}
          spellCheck={false}
        />
        <label htmlFor={ids.example} className="visually-hidden">
          Example queries
        </label>
        <select
          id={ids.example}
          value=""
          onChange={(event) => event.target.value && set({ query: event.target.value })}
        >
          <option value="">Example queries…</option>
          {QUERY_EXAMPLES.map((example) => (
            <option key={example} value={example}>
              {example}
            </option>
          ))}
        </select>
      </div>
      <p role="status" className="playground-status">
        {run.isFetching ? "Asking the servers…" : answer ? `GET ${answer.url} → HTTP ${answer.status}` : ""}
      </p>
      {run.error ? <ErrorAlert>{run.error.message}</ErrorAlert> : null}
      {token ? <GrantedVsAsked token={token} /> : null}
      {token?.ok ? (
        <p className="button-row">
          <Link to="/jwt" onClick={() => handOffJwt(token.accessToken)}>
            Open this token in the JWT inspector
          </Link>
          {embedded ? null : (
            <Link to={`/scopes${inputToSearch(input)}`}>Link to this playground (no token in it)</Link>
          )}
        </p>
      ) : null}
      <p className="form-help">
        A lab shortcut, marked as such: the playground gets its token from the real authorization server without the
        browser redirects (sign-in, patient choice and approval are made for you), then exchanges the code at the token
        endpoint — both show in the Timeline. The query asks the lab to explain what it hid (X-Lab-Explain); a real
        server would only return what you may see.
      </p>
      {answer && answer.status >= 400 ? (
        <section className="playground-refusal" aria-label="The server's refusal">
          <p>
            <strong>HTTP {answer.status}</strong>
            {answer.challenge ? (
              <>
                {" "}
                · <code>WWW-Authenticate: {answer.challenge}</code>
              </>
            ) : null}
          </p>
          <ul>
            {((answer.body as { issue?: { diagnostics?: string }[] } | null)?.issue ?? []).map((issue) => (
              <li key={issue.diagnostics}>{issue.diagnostics}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {answer && answer.status < 400 ? <Results rows={rows} previous={diffBase} /> : null}
      {!embedded && renderConsent ? <ConsentExplained input={settled} renderConsent={renderConsent} /> : null}
    </section>
  );
}
