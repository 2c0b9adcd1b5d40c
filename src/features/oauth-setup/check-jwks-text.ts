import { validateClientJwks } from "../../protocol/oauth/validate-client-jwks.ts";

/**
 * The verdict on the JWKS textarea as typed: nothing yet, not usable (and why), or usable (with its key ids).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */
export type JwksCheck =
  | { state: "empty" }
  | { state: "invalid"; message: string }
  | { state: "valid"; message: string };

/**
 * Checks JWKS text with the same rules the server applies at registration (`validateClientJwks`), so the learner
 * hears about a private key, a missing kid or a P-256 key while typing, not only after submitting.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export async function checkJwksText(text: string): Promise<JwksCheck> {
  if (text.trim() === "") return { state: "empty" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { state: "invalid", message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const checked = await validateClientJwks(value);
  if (!checked.ok) return { state: "invalid", message: checked.error.description };
  const kids = checked.value.keys.map((key) => `${key.kid} (${key.kty}${key.crv ? ` ${key.crv}` : ""})`);
  return {
    state: "valid",
    message: `A valid JWK Set with ${kids.length} public key${kids.length === 1 ? "" : "s"}: ${kids.join(", ")}.`,
  };
}
