import type { KeyValueStorage } from "../servers/key-value-storage.ts";

/**
 * Every key the app persists starts with this prefix: all GitHub Pages project sites of one user share an origin
 * and so share localStorage (DESIGN.md §3). "Reset lab" removes exactly these keys.
 */
export const APP_STORAGE_PREFIX = "smart-on-fhir-lab:";

/** The prefixed key under which a store or server keeps its state. */
export function appStorageKey(name: string): string {
  return `${APP_STORAGE_PREFIX}${name}`;
}

function keysOf(storage: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null) keys.push(key);
  }
  return keys;
}

/**
 * A {@link KeyValueStorage} over a Web Storage object, confined to `APP_STORAGE_PREFIX + namespace + ":"`, for the
 * mock servers. Falls back to memory when the browser refuses storage (quota, privacy mode) so a flow still works
 * within the page, and reports that through `onError`.
 */
export function createNamespacedStorage(
  storage: Storage,
  namespace: string,
  onError: (error: unknown) => void = () => {},
): KeyValueStorage {
  const prefix = appStorageKey(`${namespace}:`);
  const fallback = new Map<string, string>();
  return {
    getItem(key) {
      const kept = fallback.get(key);
      if (kept !== undefined) return kept;
      try {
        return storage.getItem(prefix + key);
      } catch (error) {
        onError(error);
        return null;
      }
    },
    setItem(key, value) {
      try {
        storage.setItem(prefix + key, value);
        fallback.delete(key);
      } catch (error) {
        onError(error);
        fallback.set(key, value);
      }
    },
    removeItem(key) {
      fallback.delete(key);
      try {
        storage.removeItem(prefix + key);
      } catch (error) {
        onError(error);
      }
    },
    keys() {
      try {
        return keysOf(storage)
          .filter((k) => k.startsWith(prefix))
          .map((k) => k.slice(prefix.length));
      } catch (error) {
        onError(error);
        return [...fallback.keys()];
      }
    },
  };
}

/** Removes every key of this app (and only those) from the given storages; returns how many were removed. */
export function clearAppStorage(storages: Storage[]): number {
  let removed = 0;
  for (const storage of storages) {
    for (const key of keysOf(storage)) {
      if (key.startsWith(APP_STORAGE_PREFIX)) {
        storage.removeItem(key);
        removed++;
      }
    }
  }
  return removed;
}
