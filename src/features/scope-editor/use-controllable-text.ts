import { useCallback, useRef, useState } from "react";

/**
 * Text that is either controlled (`value` given, the parent keeps it) or uncontrolled (starts at `defaultValue`),
 * the usual React input contract; `onChange` hears every change either way.
 */
export function useControllableText(
  value: string | undefined,
  defaultValue: string,
  onChange: ((value: string) => void) | undefined,
): [text: string, setText: (next: string) => void] {
  const [own, setOwn] = useState(defaultValue);
  const controlled = value !== undefined;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const setText = useCallback(
    (next: string) => {
      if (!controlled) setOwn(next);
      onChangeRef.current?.(next);
    },
    [controlled],
  );
  return [controlled ? value : own, setText];
}
