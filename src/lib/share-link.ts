import { findSecrets } from "../protocol/oauth/find-secrets.ts";

// A compact JWS (JWT): what a pasted access or ID token looks like wherever it ends up.
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

/**
 * A value as it may go in a share link: a pasted token removed, and in a URL or query (`Patient?access_token=…`)
 * every credential parameter removed. Links are copied into chats and slides: they never carry a token, a code, a
 * verifier or a secret, whatever the learner typed.
 */
export function shareableValue(value: string): string {
  let safe = value;
  const query = safe.indexOf("?");
  if (query >= 0) {
    const params = new URLSearchParams(safe.slice(query + 1));
    const secret = new Set(
      findSecrets({ url: `https://x.invalid/?${params}`, headers: {}, body: null }).map((found) => found.name),
    );
    // Rewritten only when there is something to remove: re-encoding would change what the learner wrote.
    if (secret.size > 0) {
      for (const name of secret) params.delete(name);
      const rest = params.toString();
      safe = `${safe.slice(0, query)}${rest ? `?${rest}` : ""}`;
    }
  }
  return safe.replace(JWT, "");
}

/** Whether a link the app produced is free of credentials (what the share-link tests assert for every producer). */
export function linkCarriesNoSecret(link: string): boolean {
  if (new RegExp(JWT.source).test(link)) return false;
  const url = new URL(link, "https://lab.invalid/");
  const values = [...url.searchParams.values(), url.hash.slice(1)];
  if (findSecrets({ url: url.href, headers: {}, body: null }).length > 0) return false;
  return values.every((value) => shareableValue(value) === value);
}
