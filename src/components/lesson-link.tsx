import type { ReactNode } from "react";
import { Link } from "react-router";

interface Props {
  href?: string;
  children?: ReactNode;
}

/**
 * A link in a lesson. App paths ("/ehr", "/labs/…") go through the router, so they work under the GitHub Pages
 * base path; the sample app gets a full page load (fhirclient reads the page's location once per load). Links to
 * other sites open in a new tab, so the learner keeps their place.
 */
export function LessonLink({ href = "", children }: Props) {
  if (href.startsWith("/")) {
    return (
      <Link to={href} reloadDocument={href.startsWith("/sample-app")}>
        {children}
      </Link>
    );
  }
  if (href.startsWith("#")) return <a href={href}>{children}</a>;
  return (
    <a href={href} target="_blank" rel="noreferrer">
      {children}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}
