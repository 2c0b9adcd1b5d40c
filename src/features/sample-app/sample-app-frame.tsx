import { type ReactNode, useEffect } from "react";
import { Link } from "react-router";
import "./sample-app.css";

/**
 * The sample app's own chrome: in real life it is a separate application on its own origin, so it gets a
 * distinct look and a clear label, with a way back to the lab.
 */
export function SampleAppFrame({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Sample SMART app`;
  }, [title]);
  return (
    <div className="sample-app">
      <header className="sample-app-header">
        <p className="sample-app-brand">
          <span aria-hidden="true">◆</span> Lab Patient Viewer <span className="sample-app-tag">sample SMART app</span>
        </p>
        <Link to="/" className="sample-app-back">
          Back to the lab
        </Link>
      </header>
      <main id="main" className="sample-app-main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
