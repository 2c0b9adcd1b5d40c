import { useEffect } from "react";
import { useLocation } from "react-router";
import { TOOL_HEADINGS } from "../../lib/app-paths.ts";
import { LastLaunchConsent } from "./last-launch-consent.tsx";
import { inputFromSearch } from "./playground-input.ts";
import { type RenderConsent, type RenderScopeEditor, ScopePlayground } from "./scope-playground.tsx";

/** The scope playground as a lab tool (`/scopes`); a link's query restores its scopes, context and query. */
export function ScopePlaygroundPage({
  renderEditor,
  renderConsent,
}: {
  renderEditor: RenderScopeEditor;
  renderConsent: RenderConsent;
}) {
  const location = useLocation();
  useEffect(() => {
    document.title = `${TOOL_HEADINGS.scopePlayground} · SMART on FHIR Lab`;
  }, []);
  return (
    <article className="playground-page">
      <h1>{TOOL_HEADINGS.scopePlayground}</h1>
      <p>
        Edit the scopes, choose who is signed in and which patient is in context, and watch the FHIR server's answer
        change: every resource the query matches, returned or hidden, with the server's own reason. Each change gets a
        real token from the lab's authorization server and sends the query again.
      </p>
      <h2>Scopes, context and query</h2>
      <ScopePlayground
        key={location.search}
        initial={inputFromSearch(location.search)}
        renderEditor={renderEditor}
        renderConsent={renderConsent}
      />
      <LastLaunchConsent />
    </article>
  );
}
