import { exportJWK, generateKeyPair, type JWK } from "jose";

/**
 * A key pair for trying an asymmetric registration: the JWK Set to register and the private JWK the app keeps.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */
export interface ExampleKeyPair {
  /** The public JWK Set, pretty-printed for the JWKS textarea. */
  publicJwks: string;
  /** The private key as a JWK with kid and alg (what fhirclient's `clientPrivateJwk` takes). */
  privateJwk: JWK;
}

/**
 * Generates an ES384 key pair in the browser (SMART asks servers to support ES384 and RS384; ES384 is fast to
 * generate). Only the public half is registered; the private half never leaves the app.
 *
 */
export async function generateExampleKeyPair(kid: string = crypto.randomUUID()): Promise<ExampleKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair("ES384", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "ES384", use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "ES384" };
  return { publicJwks: JSON.stringify({ keys: [publicJwk] }, null, 2), privateJwk };
}
