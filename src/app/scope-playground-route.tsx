import { ConsentForm } from "../features/authorize/consent-form.tsx";
import { ScopeEditor } from "../features/scope-editor/scope-editor.tsx";
import type { PlaygroundInput } from "../features/scope-playground/playground-input.ts";
import { ScopePlayground } from "../features/scope-playground/scope-playground.tsx";
import { ScopePlaygroundPage } from "../features/scope-playground/scope-playground-page.tsx";

// The playground shows two other features' views — the scope editor and the authorization server's consent form —
// composed here, as features do not import each other.
const renderEditor = (props: Parameters<typeof ScopeEditor>[0] & { id: string }) => <ScopeEditor {...props} />;
const renderConsent = (interaction: Parameters<typeof ConsentForm>[0]["interaction"]) => (
  <ConsentForm interaction={interaction} onCompleted={() => {}} preview />
);

/** `/scopes`: the playground page. */
export function ScopePlaygroundRoute() {
  return <ScopePlaygroundPage renderEditor={renderEditor} renderConsent={renderConsent} />;
}

/** `<ScopePlayground scopes="…" query="…" />` in a lesson. */
export function ScopePlaygroundEmbedded({
  scopes,
  query,
  patient,
}: {
  scopes?: string;
  query?: string;
  patient?: string;
}) {
  const initial: PlaygroundInput = {
    scopes: scopes ?? "patient/Observation.rs",
    actor: { kind: "persona", personaId: "amy-shaw" },
    patient: patient ?? "smart-1",
    query: query ?? "Observation?patient={patient}",
  };
  return <ScopePlayground initial={initial} renderEditor={renderEditor} embedded />;
}
