import type { ComponentPropsWithoutRef } from "react";

/**
 * A lesson's code block (MDX `pre`). Focusable, because a long line makes it scroll and keyboard users must be
 * able to scroll it too (axe: scrollable-region-focusable).
 */
export function CodeBlock(props: ComponentPropsWithoutRef<"pre">) {
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
  return <pre tabIndex={0} {...props} />;
}
