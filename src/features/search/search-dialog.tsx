import { useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { matchingSentence } from "./matching-sentence.ts";
import { useSearchResults } from "./search-queries.ts";
import "./search.css";

/** True when `/` should open the search: not while typing somewhere. */
function isSearchShortcut(event: KeyboardEvent): boolean {
  if (event.key !== "/" || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return false;
  const target = event.target as HTMLElement | null;
  return !target?.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .monaco-editor");
}

/**
 * The top bar's search across every lesson and the glossary: a button (or `/`) opens a dialog; results show the
 * matching sentence, ↓ ↑ move through them, Enter opens one, Esc closes. The index loads when the dialog opens.
 */
export function SearchDialog() {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const results = useSearchResults(query, open);

  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
    input.current?.select();
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      show();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const links = () => [...(list.current?.querySelectorAll<HTMLAnchorElement>("a") ?? [])];
  const moveFocus = (event: React.KeyboardEvent, from: number) => {
    const all = links();
    const to = event.key === "ArrowDown" ? from + 1 : event.key === "ArrowUp" ? from - 1 : null;
    if (to === null) return;
    event.preventDefault();
    if (to < 0) input.current?.focus();
    else all[Math.min(to, all.length - 1)]?.focus();
  };
  const hits = results.data ?? [];
  return (
    <>
      {/* Hidden on the projector (presenter mode); `/` still opens the search there. */}
      <button type="button" className="button presenter-hide" onClick={show} aria-keyshortcuts="/">
        Search <kbd>/</kbd>
      </button>
      <dialog
        ref={dialog}
        className="dialog search-dialog"
        aria-labelledby={`${id}-title`}
        onClose={() => setOpen(false)}
      >
        <h2 id={`${id}-title`}>Search the lessons and the glossary</h2>
        <label htmlFor={`${id}-query`}>Search for</label>
        <input
          ref={input}
          id={`${id}-query`}
          type="search"
          value={query}
          autoComplete="off"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => moveFocus(event, -1)}
          aria-describedby={`${id}-status`}
        />
        <p id={`${id}-status`} role="status" className="form-help">
          {results.isError
            ? "The search could not be loaded."
            : query.trim().length < 2
              ? "Type two letters or more; ↓ moves to the results."
              : results.isFetching && hits.length === 0
                ? "Searching…"
                : `${hits.length} result${hits.length === 1 ? "" : "s"}`}
        </p>
        <ul ref={list} className="search-results" aria-label="Results">
          {query.trim().length < 2
            ? null
            : hits.map((hit, index) => (
                <li key={hit.id}>
                  <Link
                    to={hit.path}
                    onClick={() => dialog.current?.close()}
                    onKeyDown={(event) => moveFocus(event, index)}
                  >
                    <strong>{hit.title}</strong>
                    {hit.heading ? <span className="search-heading"> · {hit.heading}</span> : null}
                    <span className="search-sentence">
                      {matchingSentence(hit.text, hit.terms).map((part, at) =>
                        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence, never reordered.
                        part.marked ? <mark key={at}>{part.text}</mark> : <span key={at}>{part.text}</span>,
                      )}
                    </span>
                  </Link>
                </li>
              ))}
        </ul>
        <form method="dialog">
          <button type="submit" className="button">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
