import { createStore } from "zustand/vanilla";
import type { TraceEvent } from "../servers/trace-event.ts";
import { appStorageKey } from "./app-storage.ts";
import { isLoggedTraceEvent, type LoggedTraceEvent } from "./logged-trace-event.ts";

/** How many events the log keeps: enough for several complete launches. */
const TRACE_LOG_LIMIT = 400;
/** Upper bound of the stored log, well inside the ~5 MB sessionStorage quota. */
const STORED_LIMIT_CHARS = 1_500_000;
const STORAGE_KEY = appStorageKey("trace");

interface TraceLogState {
  events: LoggedTraceEvent[];
  nextSeq: number;
  record(event: TraceEvent): void;
  clear(): void;
}

function load(): Pick<TraceLogState, "events" | "nextSeq"> {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as {
      events?: LoggedTraceEvent[];
      nextSeq?: number;
    } | null;
    if (stored && Array.isArray(stored.events) && typeof stored.nextSeq === "number") {
      return { events: stored.events.filter(isLoggedTraceEvent), nextSeq: stored.nextSeq };
    }
  } catch {
    // A foreign or half-written value: start a fresh log.
  }
  return { events: [], nextSeq: 1 };
}

/**
 * Every exchange between the lab's apps and its mock servers, in order. An OAuth flow is a chain of full-page
 * redirects, each a fresh JS context, so the log is kept in sessionStorage (per tab, under the app prefix). It is
 * written at most every 300 ms and when the page is left — never once per event, which would re-serialise
 * megabytes on every FHIR request of a paged search.
 */
export const traceLog = createStore<TraceLogState>()((set) => ({
  ...load(),
  record: (event) =>
    set((state) => ({
      events: [...state.events, { ...event, seq: state.nextSeq } as LoggedTraceEvent].slice(-TRACE_LOG_LIMIT),
      nextSeq: state.nextSeq + 1,
    })),
  clear: () => set({ events: [] }),
}));

/** Serialises the newest events that fit the storage budget. */
function serializeTraceLog(events: readonly LoggedTraceEvent[], nextSeq: number, limit = STORED_LIMIT_CHARS) {
  const kept: string[] = [];
  let size = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const json = JSON.stringify(events[i]);
    if (size + json.length > limit) break;
    kept.unshift(json);
    size += json.length + 1;
  }
  return `{"events":[${kept.join(",")}],"nextSeq":${nextSeq}}`;
}

let timer: ReturnType<typeof setTimeout> | undefined;
function save() {
  timer = undefined;
  const { events, nextSeq } = traceLog.getState();
  try {
    sessionStorage.setItem(STORAGE_KEY, serializeTraceLog(events, nextSeq));
  } catch {
    // Storage refused (quota, privacy mode): the timeline still works within this page.
  }
}
traceLog.subscribe(() => {
  timer ??= setTimeout(save, 300);
});
// The redirects of a flow leave the page right after the events that matter most: write them first.
addEventListener("pagehide", () => {
  if (timer !== undefined) {
    clearTimeout(timer);
    save();
  }
});

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
  traceLog.getState().record(event);
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
