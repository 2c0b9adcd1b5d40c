import { useEffect } from "react";
import CheatSheet from "../../labs/cheat-sheet.mdx";

/** `/cheat-sheet`: the one-page summary from the Q&A session, with print styles (it prints without the lab around it). */
export function CheatSheetPage() {
  useEffect(() => {
    document.title = "Cheat sheet · SMART on FHIR Lab";
  }, []);
  return (
    <article className="lesson cheat-sheet">
      <h1>SMART on FHIR cheat sheet</h1>
      <p className="button-row no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Print it
        </button>
      </p>
      {/* The app's MDXProvider supplies the lesson components (links through the router). */}
      <CheatSheet />
    </article>
  );
}
