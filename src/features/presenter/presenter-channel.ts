import { appStorageKey } from "../../lib/app-storage.ts";
import { type PresenterMessage, readPresenterMessage } from "./presenter-messages.ts";

/**
 * The link between the projected window and the presenter view (a BroadcastChannel: same origin, any window).
 * Closing either window leaves the other working: each only sends and listens.
 */
export function openPresenterChannel(onMessage: (message: PresenterMessage) => void) {
  if (typeof BroadcastChannel === "undefined") return { post: () => {}, close: () => {} };
  const channel = new BroadcastChannel(appStorageKey("presenter"));
  channel.onmessage = (event) => {
    const message = readPresenterMessage(event.data);
    if (message) onMessage(message);
  };
  return {
    post: (message: PresenterMessage) => channel.postMessage(message),
    close: () => channel.close(),
  };
}

const STARTED = appStorageKey("presenter-session-start");

/** When this window started presenting the session (kept for the tab, so a reload does not reset the clock). */
export function sessionStartedAt(sessionSlug: string, now: number): number {
  try {
    const all = JSON.parse(sessionStorage.getItem(STARTED) ?? "{}") as Record<string, number>;
    if (typeof all[sessionSlug] === "number") return all[sessionSlug];
    sessionStorage.setItem(STARTED, JSON.stringify({ ...all, [sessionSlug]: now }));
  } catch {
    // Storage refused: the clock starts now.
  }
  return now;
}
