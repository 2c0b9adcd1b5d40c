/**
 * Stand-in for `tldts`, which msw reaches only through tough-cookie's public-suffix check and which carries the
 * whole public-suffix list (~298 KB raw). The lab's mocks run on a single origin and set no cross-site cookies,
 * so treating the full host name as the registrable domain is the conservative answer: a cookie can never be
 * widened to a parent domain.
 */
export function getDomain(hostname: string | null | undefined): string | null {
  return hostname ? hostname : null;
}
export function getPublicSuffix(hostname: string | null | undefined): string | null {
  return hostname ? hostname : null;
}
