import catalog from "virtual:lab-catalog";
import { Navigate, useParams } from "react-router";
import { stepPath } from "../features/labs/lab-navigation.ts";
import { NotFoundPage } from "./not-found-page.tsx";

/** `/labs/<session>` opens the session's first step. */
export function LabSessionRedirect() {
  const { sessionSlug } = useParams();
  const session = catalog.find((s) => s.slug === sessionSlug);
  const first = session?.steps[0];
  if (!session || !first) return <NotFoundPage />;
  return <Navigate replace to={stepPath(session.slug, first.slug)} />;
}
