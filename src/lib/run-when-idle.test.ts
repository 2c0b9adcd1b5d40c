import { describe, expect, it, vi } from "vitest";
import { type IdleScheduler, runWhenIdle } from "./run-when-idle.ts";

function fakeScheduler(withIdle: boolean) {
  const idle = new Map<number, () => void>();
  const timers = new Map<number, () => void>();
  let next = 1;
  const scheduler: IdleScheduler = {
    setTimeout: (callback) => {
      timers.set(next, callback);
      return next++;
    },
    clearTimeout: (handle: number) => void timers.delete(handle),
    ...(withIdle
      ? {
          requestIdleCallback: vi.fn((callback: () => void) => {
            idle.set(next, callback);
            return next++;
          }),
          cancelIdleCallback: (handle: number) => void idle.delete(handle),
        }
      : {}),
  };
  const flush = (queue: Map<number, () => void>) => {
    for (const [handle, callback] of [...queue]) {
      queue.delete(handle);
      callback();
    }
  };
  return { scheduler, flushIdle: () => flush(idle), flushTimers: () => flush(timers) };
}

describe("runWhenIdle", () => {
  it("runs the work in an idle callback, with a deadline, not at once", () => {
    const { scheduler, flushIdle } = fakeScheduler(true);
    const work = vi.fn();
    runWhenIdle(work, { timeoutMs: 1500, scheduler });
    expect(work).not.toHaveBeenCalled();
    expect(scheduler.requestIdleCallback).toHaveBeenCalledWith(work, { timeout: 1500 });
    flushIdle();
    expect(work).toHaveBeenCalledOnce();
  });

  it("never runs cancelled work", () => {
    const { scheduler, flushIdle } = fakeScheduler(true);
    const work = vi.fn();
    runWhenIdle(work, { scheduler })();
    flushIdle();
    expect(work).not.toHaveBeenCalled();
  });

  it("falls back to a timeout where the browser has no idle callbacks, and cancels that too", () => {
    const { scheduler, flushTimers } = fakeScheduler(false);
    const kept = vi.fn();
    const cancelled = vi.fn();
    runWhenIdle(kept, { scheduler });
    runWhenIdle(cancelled, { scheduler })();
    expect(kept).not.toHaveBeenCalled();
    flushTimers();
    expect(kept).toHaveBeenCalledOnce();
    expect(cancelled).not.toHaveBeenCalled();
  });
});
