/**
 * The storage a server persists its state in. Synchronous like `localStorage`, so the browser adapter is a thin
 * wrapper and Node tests use the in-memory version. Keys are the server's own; the adapter adds the app prefix
 * (all GitHub Pages sites of one user share an origin, DESIGN.md §3).
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Every key currently stored (without the adapter's prefix). */
  keys(): string[];
}

/** An in-memory {@link KeyValueStorage}, for tests and for browsers where persistent storage is refused. */
export function createMemoryStorage(initial: Record<string, string> = {}): KeyValueStorage {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      map.set(key, value);
    },
    removeItem: (key) => {
      map.delete(key);
    },
    keys: () => [...map.keys()],
  };
}

/** Reads a JSON value, returning `fallback` when it is absent or unreadable (a half-written or foreign value). */
export function readJson<T>(storage: KeyValueStorage, key: string, fallback: T): T {
  const raw = storage.getItem(key);
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

export function writeJson(storage: KeyValueStorage, key: string, value: unknown): void {
  storage.setItem(key, JSON.stringify(value));
}
