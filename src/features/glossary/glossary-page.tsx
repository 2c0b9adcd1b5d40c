import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useLocation } from "react-router";
import { InlineCodeText } from "../../components/inline-code-text.tsx";
import { glossaryQuery } from "./glossary-queries.ts";
import "./glossary.css";

/** Every term the lessons define, with its source in the specs and the steps that use it. */
export function GlossaryPage() {
  const glossary = useQuery(glossaryQuery());
  const { hash } = useLocation();
  useEffect(() => {
    document.title = "Glossary · SMART on FHIR Lab";
  }, []);
  // A link to one term (#term-pkce) scrolls to it and moves focus there once the list is on screen.
  useEffect(() => {
    if (!glossary.data || !hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    target?.focus();
  }, [glossary.data, hash]);
  return (
    <article className="glossary-page">
      <h1>Glossary</h1>
      <p className="lead">
        The terms the lessons use, each defined once, with the specification that defines it and the steps where it
        comes up. In a lesson, hover or focus an underlined term to read its definition.
      </p>
      {glossary.isPending ? <p role="status">Loading the glossary…</p> : null}
      {glossary.error ? <p role="alert">The glossary could not be loaded: {glossary.error.message}</p> : null}
      <dl className="glossary-list">
        {(glossary.data ?? []).map((entry) => (
          <div key={entry.id} className="glossary-entry">
            <dt id={`term-${entry.id}`} tabIndex={-1}>
              {entry.term}
            </dt>
            <dd>
              <p>
                <InlineCodeText text={entry.definition} />
              </p>
              <p className="glossary-meta">
                Defined in{" "}
                <a href={entry.source} target="_blank" rel="noreferrer">
                  {new URL(entry.source).hostname}
                  {new URL(entry.source).pathname}
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </a>
                {entry.usedIn.length > 0 ? (
                  <>
                    {" "}
                    · Used in{" "}
                    {entry.usedIn.map((use, index) => (
                      <span key={use.path}>
                        {index > 0 ? ", " : ""}
                        <Link to={use.path}>{use.title}</Link>
                      </span>
                    ))}
                  </>
                ) : null}
              </p>
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
}
