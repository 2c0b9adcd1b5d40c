import { createJSONStorage, persist } from "zustand/middleware";
import { createStore } from "zustand/vanilla";
import type { TraceEvent } from "../servers/trace-event.ts";
import { appStorageKey } from "./app-storage.ts";

/** How many events the log keeps: enough for several complete launches, small enough for sessionStorage. */
export const TRACE_LOG_LIMIT = 400;

/** A trace event with a sequence number, so lists have stable keys across reloads. */
export interface LoggedTraceEvent extends TraceEvent {
  seq: number;
}

interface TraceLogState {
  events: LoggedTraceEvent[];
  nextSeq: number;
  record(event: TraceEvent): void;
  clear(): void;
}

/**
 * Every exchange between the lab's apps and its mock servers, in order. Kept in sessionStorage (per tab, under
 * the app prefix) because an OAuth flow is a chain of full-page redirects, each a fresh JS context: the timeline
 * of a launch must survive them.
 */
export const traceLog = createStore<TraceLogState>()(
  persist(
    (set) => ({
      events: [],
      nextSeq: 1,
      record: (event) =>
        set((state) => ({
          events: [...state.events, { ...event, seq: state.nextSeq }].slice(-TRACE_LOG_LIMIT),
          nextSeq: state.nextSeq + 1,
        })),
      clear: () => set({ events: [] }),
    }),
    {
      name: appStorageKey("trace"),
      version: 1,
      storage: createJSONStorage(() => sessionStorage),
      partialize: ({ events, nextSeq }) => ({ events, nextSeq }),
    },
  ),
);

/** Records a trace event; the servers' listener. */
export function recordTrace(event: TraceEvent): void {
  traceLog.getState().record(event);
}
