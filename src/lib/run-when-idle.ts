/** What scheduling needs of the page (the browser's window; a fake in tests). */
export interface IdleScheduler {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: never) => void;
}

/**
 * Runs `work` in a task of its own once the page is idle (at the latest after `timeoutMs`), and returns a function
 * that cancels it. For work a page does ahead of need, like fetching the code of what the reader is likely to open
 * next: run inside an effect, it would lengthen the task that hydrates the page, which is what a reader's first tap
 * waits behind. Browsers without `requestIdleCallback` (Safari) get a plain timeout.
 */
export function runWhenIdle(
  work: () => void,
  { timeoutMs = 2000, scheduler = globalThis as unknown as IdleScheduler } = {},
): () => void {
  const { requestIdleCallback, cancelIdleCallback } = scheduler;
  if (requestIdleCallback && cancelIdleCallback) {
    const handle = requestIdleCallback.call(scheduler, work, { timeout: timeoutMs });
    return () => cancelIdleCallback.call(scheduler, handle);
  }
  const handle = scheduler.setTimeout.call(scheduler, work, 0);
  return () => scheduler.clearTimeout.call(scheduler, handle as never);
}
