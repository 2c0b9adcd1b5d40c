import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useId, useState } from "react";
import { Link } from "react-router";
import { InlineCodeText } from "../../components/inline-code-text.tsx";
import { glossaryQuery } from "./glossary-queries.ts";
import "./glossary.css";

/**
 * `<Term id="pkce">PKCE</Term>` in a lesson: the word links to its glossary entry, and its definition shows on
 * hover and on keyboard focus (Escape hides it), read to screen readers as the link's description.
 */
export function Term({ id, children }: { id: string; children: ReactNode }) {
  const tooltipId = useId();
  const glossary = useQuery(glossaryQuery());
  const entry = glossary.data?.find((candidate) => candidate.id === id);
  const [open, setOpen] = useState(false);
  return (
    // The wrapper, not the link, listens for the pointer, so the definition stays open while the pointer moves onto
    // it (WCAG 1.4.13); the link is the keyboard path.
    // biome-ignore lint/a11y/noStaticElementInteractions: pointer-only hover area around a focusable link.
    <span className="term" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <Link
        to={`/glossary#term-${id}`}
        className="term-link"
        aria-describedby={entry ? tooltipId : undefined}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === "Escape") setOpen(false);
        }}
      >
        {children}
      </Link>
      {entry ? (
        <span id={tooltipId} role="tooltip" className="term-tooltip" hidden={!open}>
          <strong>{entry.term}</strong>: <InlineCodeText text={entry.definition} />
        </span>
      ) : null}
    </span>
  );
}
