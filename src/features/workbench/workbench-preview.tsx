import { useEffect, useId, useRef, useState } from "react";

/**
 * The learner's app in a frame with an address bar: the frame's real address, query string included, as the
 * redirects move it (launch.html → the lab's authorization page → index.html?code=…&state=…).
 */
export function WorkbenchPreview({ run }: { run: { url: string; run: number } | null }) {
  const id = useId();
  const frame = useRef<HTMLIFrameElement>(null);
  const [address, setAddress] = useState("");
  useEffect(() => {
    if (!run) return;
    setAddress(run.url);
    // Same origin: the frame's address can be read. A page may change it without loading (history.replaceState).
    const timer = setInterval(() => {
      try {
        const href = frame.current?.contentWindow?.location.href;
        if (href && href !== "about:blank") setAddress(href);
      } catch {
        // The app navigated to another origin (a server the learner brought): its address is not readable.
        setAddress("(another site)");
      }
    }, 300);
    return () => clearInterval(timer);
  }, [run]);
  return (
    <section aria-labelledby={`${id}-title`} className="workbench-preview">
      <h2 id={`${id}-title`}>Preview</h2>
      {run ? (
        <>
          <div className="browser-bar">
            <label htmlFor={`${id}-address`} className="visually-hidden">
              Address of the preview
            </label>
            <input id={`${id}-address`} className="mono-input" readOnly value={address} />
            <button type="button" className="button" onClick={() => frame.current?.contentWindow?.location.reload()}>
              Reload the page
            </button>
          </div>
          <iframe key={run.run} ref={frame} src={run.url} title="Your SMART app" className="workbench-frame" />
        </>
      ) : (
        <p className="hint">Run your app: it opens here.</p>
      )}
    </section>
  );
}
