import { describe, expect, it } from "vitest";
import { APP_STORAGE_PREFIX, clearAppStorage, createNamespacedStorage } from "./app-storage.ts";

/** A Web Storage object in memory, as browsers implement it. */
function fakeStorage(initial: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => {
      map.delete(key);
    },
    setItem: (key, value) => {
      map.set(key, String(value));
    },
  };
}

describe("app storage", () => {
  it("namespaces server keys under the app prefix", () => {
    const web = fakeStorage();
    const auth = createNamespacedStorage(web, "auth");
    auth.setItem("keys", "{}");
    expect(web.getItem(`${APP_STORAGE_PREFIX}auth:keys`)).toBe("{}");
    expect(auth.keys()).toEqual(["keys"]);
  });

  it("Reset clears this app's keys and leaves other sites' keys alone", () => {
    const web = fakeStorage({
      [`${APP_STORAGE_PREFIX}progress`]: "1",
      [`${APP_STORAGE_PREFIX}fhir:changes`]: "[]",
      "another-repo:progress": "keep",
      SMART_KEY: "keep",
    });
    expect(clearAppStorage([web])).toBe(2);
    expect(web.getItem("another-repo:progress")).toBe("keep");
    expect(web.getItem("SMART_KEY")).toBe("keep");
    expect(web.length).toBe(2);
  });

  it("keeps working in memory when the browser refuses to store", () => {
    const refusing = fakeStorage();
    refusing.setItem = () => {
      throw new DOMException("quota", "QuotaExceededError");
    };
    const errors: unknown[] = [];
    const storage = createNamespacedStorage(refusing, "auth", (e) => errors.push(e));
    storage.setItem("code", "abc");
    expect(storage.getItem("code")).toBe("abc");
    expect(errors).toHaveLength(1);
  });
});
