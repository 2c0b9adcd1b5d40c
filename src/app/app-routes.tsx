import { Route, Routes } from "react-router";
import { AppLayout } from "./app-layout.tsx";
import { HomePage } from "./home-page.tsx";
import { LabSessionRedirect } from "./lab-session-redirect.tsx";
import { LabStepRoute } from "./lab-step-route.tsx";
import { NotFoundPage } from "./not-found-page.tsx";

/** Every route of the app; paths are relative to the router's basename. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="labs/:sessionSlug" element={<LabSessionRedirect />} />
        <Route path="labs/:sessionSlug/:stepSlug" element={<LabStepRoute />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
