import { appStorageKey } from "./app-storage.ts";

const KEY = appStorageKey("jwt-inspector-input");

/**
 * Passes a token to the JWT inspector without putting it in a URL: the token waits in this tab's sessionStorage
 * (where the Timeline already keeps it) until the inspector opens and takes it.
 */
export function handOffJwt(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused: the learner pastes the token instead.
  }
}

/** Takes the token handed to the inspector, once. */
export function takeHandedOffJwt(): string | null {
  try {
    const token = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return token;
  } catch {
    return null;
  }
}
