import type { ComponentProps } from "react";

/**
 * A problem the reader has to know about now, in the danger colour: `role="alert"` makes screen readers announce it
 * as it appears, without moving focus.
 */
export function ErrorAlert({ children, ...rest }: Omit<ComponentProps<"p">, "role" | "className">) {
  return (
    <p role="alert" className="error-text" {...rest}>
      {children}
    </p>
  );
}
