/**
 * A tool page as the build prerenders it: its heading and a placeholder. The page itself talks to the servers from
 * its first render, so the app renders it, in place of this, once the mock worker has started.
 */
export function ToolPageStarting({ heading }: { heading: string }) {
  return (
    <article>
      <h1>{heading}</h1>
      <p className="boot-message" role="status">
        Starting the lab's mock servers…
      </p>
    </article>
  );
}
