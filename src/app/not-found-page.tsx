import { useEffect } from "react";
import { Link, useLocation } from "react-router";

/** Shown for any path the lab does not know, inside the normal layout so the agenda stays reachable. */
export function NotFoundPage() {
  const location = useLocation();
  useEffect(() => {
    document.title = "Page not found · SMART on FHIR Lab";
  }, []);
  return (
    <article className="not-found">
      <h1>Page not found</h1>
      <p>
        There is no lab page at <code>{location.pathname}</code>. It may have been renamed; pick a step in the agenda or
        go back to the <Link to="/">start page</Link>.
      </p>
    </article>
  );
}
