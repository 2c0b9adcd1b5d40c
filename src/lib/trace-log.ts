import type { TraceEvent } from "../servers/trace-event.ts";
import { appStorageKey, createNamespacedStorage } from "./app-storage.ts";
import { createTraceLog } from "./create-trace-log.ts";
import { MemoryWebStorage } from "./memory-web-storage.ts";

/** This tab's sessionStorage; reading it throws where storage is blocked, and then the log lives in the page. */
function tabStorage(): Storage {
  try {
    return sessionStorage;
  } catch {
    return new MemoryWebStorage();
  }
}

const log = createTraceLog(
  createNamespacedStorage(tabStorage(), "trace"),
  `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
);

/** This tab's log (see {@link createTraceLog}); `record` on it adds an event another page sent. */
export const traceLog = log.store;

// The redirects of a flow leave the page right after the events that matter most: write them first.
addEventListener("pagehide", () => log.flushPending());

const CHANNEL = appStorageKey("trace");
let channel: BroadcastChannel | null | undefined;
function traceChannel(): BroadcastChannel | null {
  if (channel === undefined) channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL);
  return channel;
}

/**
 * Records a trace event (the servers' listener) and tells the lab's other pages about it: a page of the learner's
 * own app runs in a frame or another tab, and the workbench shows and checks what it did.
 */
export function recordTrace(event: TraceEvent): void {
  log.record(event);
  try {
    traceChannel()?.postMessage(event);
  } catch {
    // An event that cannot be cloned (it never should: trace events are JSON) stays in this page's log only.
  }
}

/**
 * Adds the events the lab's other pages record to this page's log, until the returned function is called. Used
 * by the workbench, whose app runs in a frame or a tab of its own.
 */
export function followOtherPagesTraces(): () => void {
  const source = traceChannel();
  if (!source) return () => {};
  const listener = (message: MessageEvent) => {
    const event = message.data as TraceEvent;
    if (event && typeof event === "object" && typeof event.kind === "string" && typeof event.server === "string")
      traceLog.getState().record(event);
  };
  source.addEventListener("message", listener);
  return () => source.removeEventListener("message", listener);
}
