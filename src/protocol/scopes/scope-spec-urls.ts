/** The SMART App Launch IG 2.2 page every scope rule in this folder comes from (the permanent STU 2.2 URL). */
const PAGE = "https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html";

/**
 * Links to the sections of "Scopes and Launch Context" that diagnostics and explanations cite, so a learner can
 * read the rule a message is based on.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */
export const SCOPE_SPEC_URLS = {
  page: PAGE,
  quickStart: `${PAGE}#quick-start`,
  delegation: `${PAGE}#smarts-scopes-are-used-to-delegate-access`,
  fhirResources: `${PAGE}#scopes-for-requesting-fhir-resources`,
  scopeEquivalence: `${PAGE}#scope-equivalence`,
  finerGrained: `${PAGE}#finer-grained-resource-constraints-using-search-parameters`,
  experimental: `${PAGE}#experimental-features`,
  syntax: `${PAGE}#fhir-resource-scope-syntax`,
  patientScopes: `${PAGE}#patient-specific-scopes`,
  userScopes: `${PAGE}#user-level-scopes`,
  systemScopes: `${PAGE}#system-level-scopes`,
  wildcard: `${PAGE}#wildcard-scopes`,
  contextData: `${PAGE}#scopes-for-requesting-context-data`,
  ehrLaunch: `${PAGE}#apps-that-launch-from-the-ehr`,
  standalone: `${PAGE}#standalone-apps`,
  identity: `${PAGE}#scopes-for-requesting-identity-data`,
  refreshToken: `${PAGE}#scopes-for-requesting-a-refresh-token`,
  extensibility: `${PAGE}#extensibility`,
  uriRepresentation: `${PAGE}#appendix-uri-representation-of-scopes`,
} as const;
