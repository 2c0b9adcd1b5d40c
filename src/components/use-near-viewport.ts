import { startTransition, useEffect, useRef, useState } from "react";

/**
 * Whether the element has come within two viewports' height of the visible area; once true it stays true. False in
 * the first render everywhere (prerendered HTML and the render that hydrates it agree), then decided by an
 * IntersectionObserver, or true at once where there is none. Keyboard readers reach a tool by Tab, which scrolls
 * ahead of them: two viewports of margin mount it before focus gets there.
 */
export function useNearViewport<T extends Element>() {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(false);
  // No dependency list: the element may appear in a later render (after a placeholder without it).
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        // A transition: mounting a tool is a large render, which React then splits into short tasks between the
        // browser's frames instead of one that blocks input (the page's Total Blocking Time).
        if (entries.some((entry) => entry.isIntersecting)) startTransition(() => setNear(true));
      },
      { rootMargin: "200% 0px 200% 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  });
  return [ref, near] as const;
}
