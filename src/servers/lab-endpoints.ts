/**
 * The lab's public endpoint map (DESIGN.md §2), derived from the page origin and the app's base path. Every URL
 * the UI, the mock servers and the tests use comes from here, so the site works at `/` locally and under
 * `/<repo>/` on GitHub Pages. Endpoints are plain paths (no `?` or `#`): fhirclient builds the authorize URL as
 * `authorization_endpoint + "?" + params`.
 */
export interface LabEndpoints {
  /** The app's base path, with leading and trailing slash ("/" or "/smart-lab/"). */
  basePath: string;
  /** Absolute URL of the app root, with trailing slash. */
  appUrl: string;
  /** The secured FHIR R4 base (SMART protected). */
  fhirBase: string;
  /** The open FHIR R4 base over the same data, without authorization, for the FHIR basics lab only. */
  openFhirBase: string;
  /** `{fhirBase}/.well-known/smart-configuration` */
  smartConfiguration: string;
  /** OpenID Connect issuer of the authorization server. */
  issuer: string;
  /** `{issuer}/.well-known/openid-configuration` */
  openidConfiguration: string;
  /** A page of the app (sign-in, pickers, consent), not an API. */
  authorize: string;
  token: string;
  register: string;
  introspect: string;
  revoke: string;
  jwks: string;
}

/** Builds the endpoint map for an origin ("https://user.github.io") and a base path ("/smart-lab/"). */
export function deriveLabEndpoints(origin: string, basePath: string): LabEndpoints {
  const base = basePath.endsWith("/") ? basePath : `${basePath}/`;
  const appUrl = new URL(base, origin).href;
  const fhirBase = `${appUrl}fhir`;
  const issuer = `${appUrl}auth`;
  return {
    basePath: base,
    appUrl,
    fhirBase,
    openFhirBase: `${appUrl}open/fhir`,
    smartConfiguration: `${fhirBase}/.well-known/smart-configuration`,
    issuer,
    openidConfiguration: `${issuer}/.well-known/openid-configuration`,
    authorize: `${issuer}/authorize`,
    token: `${issuer}/token`,
    register: `${issuer}/register`,
    introspect: `${issuer}/introspect`,
    revoke: `${issuer}/revoke`,
    jwks: `${issuer}/jwks`,
  };
}
