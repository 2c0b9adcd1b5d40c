import { describe, expect, it, vi } from "vitest";
import { createMemoryStorage, type KeyValueStorage } from "../servers/key-value-storage.ts";
import type { TraceEvent } from "../servers/trace-event.ts";
import { createTraceLog } from "./create-trace-log.ts";

const note = (summary: string): TraceEvent =>
  ({ server: "fhir", kind: "storage.unavailable", at: 1, summary, detail: { error: "" } }) as TraceEvent;

/** Records `summaries` as one page load would: each page gets its own log over the tab's storage. */
function page(storage: KeyValueStorage, key: string, ...summaries: string[]) {
  const log = createTraceLog(storage, key);
  for (const summary of summaries) log.record(note(summary));
  log.flushPending();
  return log;
}

describe("createTraceLog", () => {
  it("shows the events of every page of the tab, in the order they were recorded", () => {
    vi.useFakeTimers();
    const storage = createMemoryStorage();
    page(storage, "authorize", "a1", "a2");
    page(storage, "callback", "c1");
    const reader = createTraceLog(storage, "timeline");
    reader.record(note("t1"));
    expect(reader.store.getState().events.map((e) => [e.summary, e.seq])).toEqual([
      ["a1", 1],
      ["a2", 2],
      ["c1", 3],
      ["t1", 4],
    ]);
    vi.useRealTimers();
  });

  it("writes only its own events: a page that records never reads or rewrites the other pages' segments", () => {
    const storage = createMemoryStorage();
    page(storage, "earlier", ...Array.from({ length: 50 }, (_, i) => `e${i}`));
    const before = storage.getItem("page:earlier");
    const getItem = vi.spyOn(storage, "getItem");
    const setItem = vi.spyOn(storage, "setItem");
    page(storage, "redirect", "r1");
    expect(getItem.mock.calls.map(([key]) => key)).not.toContain("page:earlier");
    expect(new Set(setItem.mock.calls.map(([key]) => key))).toEqual(new Set(["index", "page:redirect"]));
    expect(storage.getItem("page:earlier")).toBe(before);
  });

  it("keeps the newest 400 events across pages and drops the oldest pages' segments", () => {
    const storage = createMemoryStorage();
    for (let p = 0; p < 30; p++) page(storage, `p${p}`, ...Array.from({ length: 20 }, (_, i) => `p${p}-${i}`));
    const kept = storage.keys().filter((key) => key.startsWith("page:"));
    expect(kept.length).toBe(20);
    expect(kept).not.toContain("page:p0");
    const events = createTraceLog(storage, "reader").store.getState().events;
    expect(events).toHaveLength(400);
    expect(events.at(-1)?.summary).toBe("p29-19");
    expect(events[0]?.summary).toBe("p10-0");
  });

  it("shows events another page sent without storing them (that page stores its own)", () => {
    const storage = createMemoryStorage();
    const workbench = createTraceLog(storage, "workbench");
    workbench.store.getState().record(note("from the app's frame"));
    workbench.flushPending();
    expect(workbench.store.getState().events.map((e) => e.summary)).toEqual(["from the app's frame"]);
    expect(storage.keys()).toEqual(["index"]);
  });

  it("clears every page's events and keeps numbering after them", () => {
    const storage = createMemoryStorage();
    page(storage, "a", "a1", "a2");
    const timeline = createTraceLog(storage, "timeline");
    timeline.store.getState().clear();
    expect(timeline.store.getState().events).toEqual([]);
    expect(storage.keys()).toEqual(["index"]);
    timeline.record(note("next"));
    expect(timeline.store.getState().events.map((e) => e.seq)).toEqual([3]);
  });

  it("ignores an unreadable index or segment and values that are not trace events", () => {
    const storage = createMemoryStorage({
      index: JSON.stringify({
        nextSeq: 9,
        segments: [{ key: "page:broken", count: 1, chars: 5 }, { key: "page:odd", count: 2, chars: 9 }, "junk"],
      }),
      "page:broken": "{not json",
      "page:odd": JSON.stringify([{ seq: 3, kind: "x" }, 42]),
    });
    const log = createTraceLog(storage, "reader");
    expect(log.store.getState().events).toEqual([]);
    log.record(note("fresh"));
    expect(log.store.getState().events.map((e) => e.seq)).toEqual([9]);
    expect(createTraceLog(createMemoryStorage({ index: "][" }), "x").store.getState().events).toEqual([]);
  });

  it("numbers the events of two pages recording at once (the workbench and its app's frame) apart", () => {
    const storage = createMemoryStorage();
    const workbench = createTraceLog(storage, "workbench");
    const frame = createTraceLog(storage, "frame");
    for (let i = 0; i < 3; i++) {
      workbench.record(note(`w${i}`));
      frame.record(note(`f${i}`));
    }
    workbench.flushPending();
    frame.flushPending();
    const events = createTraceLog(storage, "reader").store.getState().events;
    expect(events.map((e) => e.summary)).toEqual(["w0", "f0", "w1", "f1", "w2", "f2"]);
    expect(new Set(events.map((e) => e.seq)).size).toBe(6);
  });
});
