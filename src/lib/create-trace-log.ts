import { createStore, type StoreApi } from "zustand/vanilla";
import { type KeyValueStorage, readJson } from "../servers/key-value-storage.ts";
import type { TraceEvent } from "../servers/trace-event.ts";
import { isLoggedTraceEvent, type LoggedTraceEvent } from "./logged-trace-event.ts";

/** How many events the log keeps: enough for several complete launches. */
const TRACE_LOG_LIMIT = 400;
/** Upper bound of the stored log, well inside the ~5 MB sessionStorage quota. */
const STORED_LIMIT_CHARS = 1_500_000;
const INDEX_KEY = "index";

export interface TraceLogState {
  events: LoggedTraceEvent[];
  record(event: TraceEvent): void;
  clear(): void;
}

/** The stored log's table of contents: one segment per page that recorded events, oldest first. */
interface TraceLogIndex {
  nextSeq: number;
  segments: { key: string; count: number; chars: number }[];
}

function readIndex(storage: KeyValueStorage): TraceLogIndex {
  const index = readJson<Partial<TraceLogIndex> | null>(storage, INDEX_KEY, null);
  const segments = Array.isArray(index?.segments)
    ? index.segments.filter(
        (s) => typeof s?.key === "string" && typeof s.count === "number" && typeof s.chars === "number",
      )
    : [];
  return { nextSeq: typeof index?.nextSeq === "number" ? index.nextSeq : 1, segments };
}

/** Serialises the newest events that fit `limit` characters. */
function serializeNewest(events: readonly LoggedTraceEvent[], limit: number): { json: string; count: number } {
  const kept: string[] = [];
  let size = 2;
  for (let i = events.length - 1; i >= 0; i--) {
    const json = JSON.stringify(events[i]);
    if (size + json.length + 1 > limit) break;
    kept.unshift(json);
    size += json.length + 1;
  }
  return { json: `[${kept.join(",")}]`, count: kept.length };
}

/**
 * The Timeline's log: every exchange between the lab's apps and its mock servers, in order. An OAuth flow is a
 * chain of full-page redirects, each a fresh JS context, so the log lives in storage (per tab: sessionStorage) as
 * one segment per page. A page writes only its own events (at most every 300 ms, and when it is left) and reads the
 * others' only when something shows the log: the redirect pages of a launch neither parse nor rewrite the megabyte
 * a long session collects, and two pages recording at once (the workbench and its app's frame) no longer overwrite
 * each other's events.
 *
 * @param pageKey this page's segment, unique per page load
 */
export function createTraceLog(storage: KeyValueStorage, pageKey: string) {
  const segmentKey = `page:${pageKey}`;
  let pageEvents: LoggedTraceEvent[] = [];
  let nextSeq: number | undefined;
  let store: StoreApi<TraceLogState> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Stores the index with these segments and the higher of its next number and this page's. */
  const writeIndex = (index: TraceLogIndex, segments: TraceLogIndex["segments"]) =>
    storage.setItem(
      INDEX_KEY,
      JSON.stringify({ nextSeq: Math.max(index.nextSeq, nextSeq ?? 1), segments } satisfies TraceLogIndex),
    );

  // Numbers are claimed in the stored index as events happen, so two pages recording at once (the workbench and its
  // app's same-origin frame, which share the tab's storage and one event loop) never number two events alike.
  const takeSeq = () => {
    const index = readIndex(storage);
    const seq = Math.max(index.nextSeq, nextSeq ?? 1);
    nextSeq = seq + 1;
    writeIndex(index, index.segments);
    return seq;
  };

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const index = readIndex(storage);
    const own = serializeNewest(pageEvents, STORED_LIMIT_CHARS);
    const segments = index.segments.filter((s) => s.key !== segmentKey);
    if (own.count > 0) segments.push({ key: segmentKey, count: own.count, chars: own.json.length });
    // Drop the oldest pages' segments while the newer ones still hold the limit's worth of events and characters.
    let count = segments.reduce((sum, s) => sum + s.count, 0);
    let chars = segments.reduce((sum, s) => sum + s.chars, 0);
    while (segments.length > 1) {
      const oldest = segments[0] as TraceLogIndex["segments"][number];
      if (count - oldest.count < TRACE_LOG_LIMIT && chars <= STORED_LIMIT_CHARS) break;
      segments.shift();
      count -= oldest.count;
      chars -= oldest.chars;
      storage.removeItem(oldest.key);
    }
    if (own.count > 0) storage.setItem(segmentKey, own.json);
    else storage.removeItem(segmentKey);
    writeIndex(index, segments);
  }

  const scheduleFlush = () => {
    timer ??= setTimeout(flush, 300);
  };

  function load(): LoggedTraceEvent[] {
    const stored = readIndex(storage)
      .segments.filter((s) => s.key !== segmentKey)
      .flatMap((s) => readJson<unknown[]>(storage, s.key, []))
      .filter(isLoggedTraceEvent);
    return [...stored, ...pageEvents].sort((a, b) => a.seq - b.seq).slice(-TRACE_LOG_LIMIT);
  }

  const append = (event: LoggedTraceEvent) =>
    store?.setState((state) => ({ events: [...state.events, event].slice(-TRACE_LOG_LIMIT) }));

  /** The store, read from storage on first use. */
  function loaded(): StoreApi<TraceLogState> {
    store ??= createStore<TraceLogState>()(() => ({
      events: load(),
      record: receive,
      clear,
    }));
    return store;
  }

  /** An event of this page: kept in this page's segment. */
  function record(event: TraceEvent): void {
    const logged = { ...event, seq: takeSeq() } as LoggedTraceEvent;
    pageEvents = [...pageEvents, logged].slice(-TRACE_LOG_LIMIT);
    append(logged);
    scheduleFlush();
  }

  /** An event another page recorded (and stores in its own segment): shown here only. */
  function receive(event: TraceEvent): void {
    append({ ...event, seq: takeSeq() } as LoggedTraceEvent);
  }

  function clear(): void {
    const index = readIndex(storage);
    for (const segment of index.segments) storage.removeItem(segment.key);
    storage.removeItem(segmentKey);
    pageEvents = [];
    writeIndex(index, []);
    store?.setState({ events: [] });
  }

  /** A store whose state is read from storage only when first asked for (subscribing or reading). */
  const lazyStore: StoreApi<TraceLogState> = {
    getState: () => loaded().getState(),
    getInitialState: () => loaded().getInitialState(),
    setState: ((...args: Parameters<StoreApi<TraceLogState>["setState"]>) =>
      loaded().setState(...(args as [TraceLogState, true]))) as StoreApi<TraceLogState>["setState"],
    subscribe: (listener) => loaded().subscribe(listener),
  };

  /** Writes this page's events now if any are waiting (the page is being left). */
  function flushPending(): void {
    if (timer !== undefined) flush();
  }

  return { store: lazyStore, record, flushPending };
}
