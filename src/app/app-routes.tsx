import { Suspense } from "react";
import { Route, Routes } from "react-router";
import { AppLayout } from "./app-layout.tsx";
import {
  authorizePage,
  cheatSheetPage,
  ehrSimulatorPage,
  fhirExplorerPage,
  flowCallbackPage,
  flowLaunchPage,
  flowPage,
  glossaryPage,
  jwtInspectorPage,
  oauthSetupPage,
  presenterPage,
  sampleAppPages,
  scopePlaygroundPage,
  workbenchPage,
} from "./app-pages.ts";
import { HomePage } from "./home-page.tsx";
import { LabSessionRedirect } from "./lab-session-redirect.tsx";
import { LabStepRoute } from "./lab-step-route.tsx";
import { NotFoundPage } from "./not-found-page.tsx";

const AuthorizePage = authorizePage.Component;
const EhrSimulatorPage = ehrSimulatorPage.Component;
const OAuthSetupPage = oauthSetupPage.Component;
const FhirExplorerPage = fhirExplorerPage.Component;
const SampleAppRoutes = sampleAppPages.Component;
const FlowPage = flowPage.Component;
const JwtInspectorPage = jwtInspectorPage.Component;
const ScopePlaygroundPage = scopePlaygroundPage.Component;
const FlowCallbackPage = flowCallbackPage.Component;
const FlowLaunchPage = flowLaunchPage.Component;
const GlossaryPage = glossaryPage.Component;
const WorkbenchPage = workbenchPage.Component;
const PresenterPage = presenterPage.Component;
const CheatSheetPage = cheatSheetPage.Component;

function Loading() {
  return <p role="status">Loading…</p>;
}

/** Every route of the app; paths are relative to the router's basename. */
export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="auth/authorize" element={<AuthorizePage />} />
        <Route path="sample-app/*" element={<SampleAppRoutes />} />
        <Route path="presenter" element={<PresenterPage />} />
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route path="ehr" element={<EhrSimulatorPage />} />
          <Route path="oauth-setup" element={<OAuthSetupPage />} />
          <Route path="fhir-explorer" element={<FhirExplorerPage />} />
          <Route path="flow" element={<FlowPage />} />
          <Route path="jwt" element={<JwtInspectorPage />} />
          <Route path="scopes" element={<ScopePlaygroundPage />} />
          <Route path="glossary" element={<GlossaryPage />} />
          <Route path="cheat-sheet" element={<CheatSheetPage />} />
          <Route path="workbench" element={<WorkbenchPage />} />
          <Route path="flow/callback" element={<FlowCallbackPage />} />
          <Route path="flow/launch" element={<FlowLaunchPage />} />
          <Route path="labs/:sessionSlug" element={<LabSessionRedirect />} />
          <Route path="labs/:sessionSlug/:stepSlug" element={<LabStepRoute />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
