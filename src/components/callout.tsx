import type { ReactNode } from "react";

interface Props {
  type?: "note" | "tip" | "warning";
  title?: string;
  children: ReactNode;
}

const defaultTitles = { note: "Note", tip: "Tip", warning: "Watch out" } as const;

/** A highlighted aside in a lesson: a note, a tip or a warning. */
export function Callout({ type = "note", title, children }: Props) {
  return (
    <aside className={`callout callout-${type}`} aria-label={title ?? defaultTitles[type]}>
      <p className="callout-title">{title ?? defaultTitles[type]}</p>
      <div className="callout-body">{children}</div>
    </aside>
  );
}
