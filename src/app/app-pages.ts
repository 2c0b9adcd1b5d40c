import { lazyRoute } from "./lazy-route.ts";

// Pages outside the lessons are their own chunks: the landing route carries none of them.
export const authorizePage = lazyRoute(
  () => import("../features/authorize/authorize-page.tsx"),
  (m) => m.AuthorizePage,
);
export const ehrSimulatorPage = lazyRoute(
  () => import("../features/ehr-simulator/ehr-simulator-page.tsx"),
  (m) => m.EhrSimulatorPage,
);
export const oauthSetupPage = lazyRoute(
  () => import("../features/oauth-setup/oauth-setup-page.tsx"),
  (m) => m.OAuthSetupPage,
);
export const fhirExplorerPage = lazyRoute(
  () => import("../features/fhir-explorer/fhir-explorer-page.tsx"),
  (m) => m.FhirExplorerPage,
);
export const sampleAppPages = lazyRoute(
  () => import("./sample-app-routes.tsx"),
  (m) => m.SampleAppRoutes,
);
export const flowPage = lazyRoute(
  () => import("../features/flow-visualizer/flow-page.tsx"),
  (m) => m.FlowPage,
);
export const flowCallbackPage = lazyRoute(
  () => import("../features/flow-visualizer/flow-return-page.tsx"),
  (m) => m.FlowCallbackPage,
);
export const flowLaunchPage = lazyRoute(
  () => import("../features/flow-visualizer/flow-return-page.tsx"),
  (m) => m.FlowLaunchPage,
);
export const jwtInspectorPage = lazyRoute(
  () => import("../features/jwt-inspector/jwt-inspector-page.tsx"),
  (m) => m.JwtInspectorPage,
);
export const scopePlaygroundPage = lazyRoute(
  () => import("./scope-playground-route.tsx"),
  (m) => m.ScopePlaygroundRoute,
);
export const glossaryPage = lazyRoute(
  () => import("../features/glossary/glossary-page.tsx"),
  (m) => m.GlossaryPage,
);
export const workbenchPage = lazyRoute(
  () => import("../features/workbench/workbench-page.tsx"),
  (m) => m.WorkbenchPage,
);
export const presenterPage = lazyRoute(
  () => import("./presenter-route.tsx"),
  (m) => m.PresenterRoute,
);
export const cheatSheetPage = lazyRoute(
  () => import("./cheat-sheet-page.tsx"),
  (m) => m.CheatSheetPage,
);
