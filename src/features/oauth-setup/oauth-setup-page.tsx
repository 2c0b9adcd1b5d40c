import { useEffect } from "react";
import { basePath } from "../../lib/lab-config.ts";
import { DynamicRegistrationPanel } from "./dynamic-registration-panel.tsx";
import { FaultBanner } from "./fault-banner.tsx";
import { FaultSwitches } from "./fault-switches.tsx";
import { RegisterClientPanel } from "./register-client-panel.tsx";
import { RegisteredClientsList } from "./registered-clients-list.tsx";
import { TokenControls } from "./token-controls.tsx";
import "./oauth-setup.css";
import { TOOL_HEADINGS } from "../../lib/app-paths.ts";

const SECTIONS = {
  apps: "registered-apps",
  register: "register-app",
  tokens: "token-controls",
  faults: "simulated-faults",
  dynamic: "dynamic-registration",
} as const;

/**
 * "Setting-up OAuth": the authorization server's console. The learner sees every registered app with the elements
 * of the workshop's registration slide, registers and edits apps, cuts tokens short, and switches on simulated
 * faults to watch an app fail the way real deployments do.
 *
 */
export function OAuthSetupPage() {
  useEffect(() => {
    document.title = `${TOOL_HEADINGS.oauthSetup} · SMART on FHIR Lab`;
  }, []);
  return (
    <article className="oauth-setup">
      <h1>{TOOL_HEADINGS.oauthSetup}</h1>
      <p className="lead">
        Every SMART app is registered with the authorization server before its first launch. This page is the lab
        server's console: the apps it knows, a form to register yours, and switches to expire tokens and simulate errors
        so you can see how an app copes.
      </p>
      <FaultBanner faultsSectionId={SECTIONS.faults} />
      <nav aria-label="On this page" className="page-toc">
        <ul>
          <li>
            <a href={`#${SECTIONS.apps}`}>Registered apps</a>
          </li>
          <li>
            <a href={`#${SECTIONS.register}`}>Register a new app</a>
          </li>
          <li>
            <a href={`#${SECTIONS.tokens}`}>Tokens</a>
          </li>
          <li>
            <a href={`#${SECTIONS.faults}`}>Simulated faults</a>
          </li>
          <li>
            <a href={`#${SECTIONS.dynamic}`}>RFC 7591 dynamic registration</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby={`${SECTIONS.apps}-title`} id={SECTIONS.apps}>
        <h2 id={`${SECTIONS.apps}-title`} tabIndex={-1}>
          Registered apps
        </h2>
        <p>
          The four sample apps come pre-registered, one per SMART client type; the{" "}
          <a href={`${basePath}sample-app`}>sample app</a> and the EHR simulator use them. Apps you register here or
          through the registration endpoint follow.
        </p>
        <RegisteredClientsList headingId={`${SECTIONS.apps}-title`} />
      </section>

      <section aria-labelledby={`${SECTIONS.register}-title`} id={SECTIONS.register}>
        <h2 id={`${SECTIONS.register}-title`}>Register a new app</h2>
        <p>
          The same fields a production EHR's developer portal asks for. The server checks them with the rules of its RFC
          7591 endpoint and answers a mistake with the OAuth error code, such as <code>invalid_redirect_uri</code> or{" "}
          <code>invalid_client_metadata</code>.
        </p>
        <RegisterClientPanel />
      </section>

      <section aria-labelledby={`${SECTIONS.tokens}-title`} id={SECTIONS.tokens}>
        <h2 id={`${SECTIONS.tokens}-title`}>Tokens</h2>
        <TokenControls />
      </section>

      <section aria-labelledby={`${SECTIONS.faults}-title`} id={SECTIONS.faults}>
        <h2 id={`${SECTIONS.faults}-title`}>Simulated faults</h2>
        <p>
          Like the SMART launcher's simulated errors: switch one on, launch an app, and see what it receives. Faults are
          saved and stay on until you switch them off or reset the lab.
        </p>
        <FaultSwitches />
      </section>

      <section aria-labelledby={`${SECTIONS.dynamic}-title`} id={SECTIONS.dynamic}>
        <h2 id={`${SECTIONS.dynamic}-title`}>RFC 7591 dynamic registration</h2>
        <DynamicRegistrationPanel />
      </section>
    </article>
  );
}
