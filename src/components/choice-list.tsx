import { type ReactNode, useId } from "react";

interface ChoiceListProps {
  legend: ReactNode;
  /** The group's marker for the consent preview's numbered annotations (`data-annotate`). */
  annotate?: string;
  /** The choices, and anything that belongs with them (an empty-list note, a field a choice reveals). */
  children: ReactNode;
}

/** A boxed group of choices named by its legend: one answer (radio buttons, `Choice`) or several (checkboxes). */
export function ChoiceList({ legend, annotate, children }: ChoiceListProps) {
  const legendId = useId();
  return (
    <fieldset className="choice-list" aria-labelledby={legendId} data-annotate={annotate}>
      <legend id={legendId}>{legend}</legend>
      {children}
    </fieldset>
  );
}

interface ChoiceProps {
  /** Shared by the radio buttons of one group. */
  name: string;
  value: string;
  checked: boolean;
  onSelect(): void;
  /** The label: its text and any details (`choice-meta`) beside the radio button. */
  children: ReactNode;
}

/** One radio button of a `ChoiceList`; the whole row is its label, so any part of it selects it. */
export function Choice({ name, value, checked, onSelect, children }: ChoiceProps) {
  return (
    <label className="choice">
      <input type="radio" name={name} value={value} checked={checked} onChange={onSelect} />
      <span>{children}</span>
    </label>
  );
}
