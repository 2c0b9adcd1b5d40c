/** Why the lab cannot start its mock servers, in terms the unavailable page explains. */
export type WorkerProblem =
  | { reason: "insecure-context"; detail: string }
  | { reason: "no-service-worker"; detail: string }
  | { reason: "start-failed"; detail: string }
  | { reason: "start-timeout"; detail: string };

/** What the browser tells us about itself, read by the caller so this check stays testable. */
export interface BrowserFacts {
  isSecureContext: boolean;
  hasServiceWorker: boolean;
  protocol: string;
  hostname: string;
}

/**
 * Decides before registering whether service workers can work here. Browsers only offer them in a secure context
 * (https, or http://localhost), and some private windows or privacy settings remove `navigator.serviceWorker`.
 */
export function checkServiceWorkerSupport(facts: BrowserFacts): WorkerProblem | null {
  if (!facts.isSecureContext) {
    return {
      reason: "insecure-context",
      detail: `This page was opened over ${facts.protocol}//${facts.hostname}, which the browser does not treat as secure.`,
    };
  }
  if (!facts.hasServiceWorker) {
    return {
      reason: "no-service-worker",
      detail: "This browser window does not offer service workers (navigator.serviceWorker is missing).",
    };
  }
  return null;
}

/** Rejects with a `start-timeout` problem when `start` has not settled after `ms` milliseconds. */
export async function withStartTimeout<T>(start: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([start, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The worker did not become active in time (a stuck registration, a blocked script). */
export class StartTimeoutError extends Error {
  readonly ms: number;
  constructor(ms: number) {
    super(`The mock service worker did not start within ${Math.round(ms / 1000)} seconds.`);
    this.name = "StartTimeoutError";
    this.ms = ms;
  }
}

/** Turns whatever `worker.start()` threw into a problem the unavailable page can explain. */
export function describeStartError(error: unknown): WorkerProblem {
  if (error instanceof StartTimeoutError) return { reason: "start-timeout", detail: error.message };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { reason: "start-failed", detail: message };
}
