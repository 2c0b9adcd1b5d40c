import { describe, expect, it } from "vitest";
import { presenterAction } from "./presenter-keys.ts";
import { readPresenterMessage } from "./presenter-messages.ts";
import { slotUse } from "./slot-time.ts";

const key = (value: string, extra: Partial<Parameters<typeof presenterAction>[0]> = {}) =>
  presenterAction({
    key: value,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    defaultPrevented: false,
    inControl: false,
    ...extra,
  });

describe("presenter keys", () => {
  it("maps clicker and keyboard keys; a control's own keys come first, Esc always leaves", () => {
    expect(["ArrowRight", "PageDown", " "].map((k) => key(k))).toEqual(["next", "next", "next"]);
    expect(["ArrowLeft", "PageUp"].map((k) => key(k))).toEqual(["previous", "previous"]);
    expect([key("b"), key("B"), key("?"), key("Escape")]).toEqual(["blank", "blank", "help", "exit"]);
    expect(key("PageDown", { inControl: true })).toBeNull();
    expect(key("ArrowRight", { defaultPrevented: true })).toBeNull();
    expect(key("ArrowRight", { ctrlKey: true })).toBeNull();
    expect(key("Escape", { inControl: true })).toBe("exit");
    expect(key("x")).toBeNull();
  });
});

describe("presenter messages", () => {
  it("reads the two kinds and refuses anything else another page of the origin might post", () => {
    const state = {
      type: "state",
      sessionSlug: "deep-dive-into-smart",
      stepSlug: "oauth2-scopes",
      section: 2,
      sections: 7,
      blank: false,
      sessionStartedAt: 1,
    };
    expect(readPresenterMessage(state)).toEqual(state);
    expect(readPresenterMessage({ type: "command", command: "next" })).toEqual({ type: "command", command: "next" });
    for (const junk of [
      null,
      3,
      "next",
      { type: "command", command: "rm -rf" },
      { ...state, section: "2" },
      { ...state, sessionStartedAt: Number.NaN },
    ])
      expect(readPresenterMessage(junk)).toBeNull();
  });
});

describe("slot time", () => {
  it("counts minutes since the session started against its planned length", () => {
    const start = Date.parse("2026-12-01T11:10:00");
    expect(slotUse({ time: "11:10", minutes: 60 }, start, start + 23 * 60_000 + 59_000)).toEqual({
      used: 23,
      planned: 60,
      over: false,
      slot: "11:10–12:10",
    });
    expect(slotUse({ time: "16:30", minutes: 30 }, start, start + 31 * 60_000).over).toBe(true);
    expect(slotUse({ time: "23:50", minutes: 20 }, start, start).slot).toBe("23:50–00:10");
  });
});
