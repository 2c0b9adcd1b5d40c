import { describe, expect, it } from "vitest";
import { createMemoryStorage, readJson, writeJson } from "./key-value-storage.ts";

describe("memory storage", () => {
  it("stores, lists and removes keys", () => {
    const storage = createMemoryStorage();
    writeJson(storage, "a", { n: 1 });
    expect(readJson(storage, "a", null)).toEqual({ n: 1 });
    expect(storage.keys()).toEqual(["a"]);
    storage.removeItem("a");
    expect(storage.getItem("a")).toBeNull();
  });
  it("falls back when a value is not JSON", () => {
    const storage = createMemoryStorage({ broken: "{not json" });
    expect(readJson(storage, "broken", "fallback")).toBe("fallback");
  });
});
