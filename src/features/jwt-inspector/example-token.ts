import { generateKeyPair, SignJWT } from "jose";

/** The issuer of the page's example tokens: not the lab's, so an example can never pass for a lab token. */
const EXAMPLE_ISSUER = "https://example.org/smart-lab-example";

/**
 * A token the page makes up to play with (and the only kind it puts in a share link): a SMART-shaped access token
 * signed with a key generated here and thrown away.
 */
export async function makeExampleToken(now: number): Promise<string> {
  const { privateKey } = await generateKeyPair("ES256");
  const seconds = Math.floor(now / 1000);
  return new SignJWT({
    scope: "launch/patient openid fhirUser patient/Observation.rs",
    client_id: "example-app",
    patient: "example-patient",
    fhirUser: "Practitioner/example",
  })
    .setProtectedHeader({ alg: "ES256", kid: "example-key", typ: "JWT" })
    .setIssuer(EXAMPLE_ISSUER)
    .setAudience("https://example.org/fhir")
    .setSubject("example-user")
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + 3600)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
}

/** Whether a decoded payload is one of the page's examples (the only tokens a share link may carry). */
export function isExampleToken(payload: Record<string, unknown>): boolean {
  return payload.iss === EXAMPLE_ISSUER;
}
