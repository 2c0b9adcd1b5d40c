import { useMemo } from "react";
import { sanitizeNarrative } from "../lib/sanitize-narrative.ts";
import "./narrative-view.css";

interface Props {
  /** The resource's `text.div` XHTML, exactly as the server sent it (untrusted). */
  div: string;
  /** `text.status`: generated, extensions, additional or empty. */
  status?: string | undefined;
  /** Accessible name of the region, e.g. "Narrative of Patient/smart-1". */
  label: string;
}

/**
 * A resource's human-readable narrative, sanitised first: a narrative is data anyone may have written, so it
 * renders only FHIR's XHTML subset with no script, handler or request to another place.
 */
export function NarrativeView({ div, status, label }: Props) {
  const html = useMemo(() => sanitizeNarrative(div), [div]);
  return (
    <section className="narrative" aria-label={label}>
      <p className="narrative-caption">
        Narrative{status ? ` (${status})` : ""} <span className="hint">sanitised: FHIR XHTML subset only</span>
      </p>
      {html === "" ? (
        <p className="hint">The narrative is empty after sanitising.</p>
      ) : (
        <div
          className="narrative-body"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the HTML comes out of sanitizeNarrative (DOMPurify with the FHIR narrative rules).
          dangerouslySetInnerHTML={{ __html: html }}
        />
      )}
    </section>
  );
}
