import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { AppLayout } from "./app-layout.tsx";
import { HomePage } from "./home-page.tsx";
import { LabSessionRedirect } from "./lab-session-redirect.tsx";
import { LabStepRoute } from "./lab-step-route.tsx";
import { NotFoundPage } from "./not-found-page.tsx";

// Pages outside the lessons are their own chunks: the landing route carries none of them.
const AuthorizePage = lazy(() =>
  import("../features/authorize/authorize-page.tsx").then((m) => ({ default: m.AuthorizePage })),
);
const EhrSimulatorPage = lazy(() =>
  import("../features/ehr-simulator/ehr-simulator-page.tsx").then((m) => ({ default: m.EhrSimulatorPage })),
);
const OAuthSetupPage = lazy(() =>
  import("../features/oauth-setup/oauth-setup-page.tsx").then((m) => ({ default: m.OAuthSetupPage })),
);
const FhirExplorerPage = lazy(() =>
  import("../features/fhir-explorer/fhir-explorer-page.tsx").then((m) => ({ default: m.FhirExplorerPage })),
);
const SampleAppRoutes = lazy(() => import("./sample-app-routes.tsx").then((m) => ({ default: m.SampleAppRoutes })));

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
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route path="ehr" element={<EhrSimulatorPage />} />
          <Route path="oauth-setup" element={<OAuthSetupPage />} />
          <Route path="fhir-explorer" element={<FhirExplorerPage />} />
          <Route path="labs/:sessionSlug" element={<LabSessionRedirect />} />
          <Route path="labs/:sessionSlug/:stepSlug" element={<LabStepRoute />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
