/**
 * What a mock server reports about each exchange, for the timeline and the visualizers (DESIGN.md §1: trace
 * events, not console logs). Every decision a learner may want explained is data here.
 */
export interface TraceEvent {
  server: "authorization" | "fhir";
  /** Short machine name of what happened: "token.issued", "authorize.rejected", "search.filtered"… */
  kind: string;
  /** Epoch milliseconds, from the server's injected clock. */
  at: number;
  /** One sentence a learner can read. */
  summary: string;
  /** Structured detail (request fields, decisions with reasons, error codes). JSON-serialisable. */
  detail?: unknown;
}

export type TraceListener = (event: TraceEvent) => void;

/** A listener that ignores everything, the default when nobody is watching. */
export const ignoreTrace: TraceListener = () => {};
