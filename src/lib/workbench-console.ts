import { appStorageKey } from "./app-storage.ts";

/** One line of the learner's app console: what its pages logged, threw or rejected. */
export interface WorkbenchConsoleEntry {
  at: number;
  level: "log" | "info" | "warn" | "error";
  text: string;
  /** The page that wrote it (`fhirclient/index.html`). */
  page: string;
  /** Where an error was thrown, when the browser says (`app.js:12:5`). */
  where?: string;
}

const KEY = appStorageKey("workbench-console");
const LIMIT = 300;

function channel(): BroadcastChannel | null {
  return typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(KEY);
}

/** The console so far (kept in localStorage, so a run in another tab or before a reload is still there). */
export function readWorkbenchConsole(): WorkbenchConsoleEntry[] {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(stored)
      ? stored.filter(
          (entry): entry is WorkbenchConsoleEntry =>
            typeof entry === "object" && entry !== null && typeof entry.text === "string",
        )
      : [];
  } catch {
    return [];
  }
}

let outgoing: BroadcastChannel | null | undefined;

/** Adds a line (from a page of the learner's app) and tells the workbench. */
export function writeWorkbenchConsole(entry: WorkbenchConsoleEntry): void {
  try {
    localStorage.setItem(KEY, JSON.stringify([...readWorkbenchConsole(), entry].slice(-LIMIT)));
  } catch {
    // Storage refused: the workbench still gets the line live.
  }
  outgoing ??= channel();
  outgoing?.postMessage(entry);
}

export function clearWorkbenchConsole(): void {
  localStorage.removeItem(KEY);
}

/** Calls `listener` with every new line; returns the unsubscribe. */
export function subscribeWorkbenchConsole(listener: (entry: WorkbenchConsoleEntry) => void): () => void {
  const incoming = channel();
  if (!incoming) return () => {};
  incoming.onmessage = (message: MessageEvent<WorkbenchConsoleEntry>) => listener(message.data);
  return () => incoming.close();
}
