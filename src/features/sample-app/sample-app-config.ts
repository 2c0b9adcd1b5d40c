/** A sample app the learner can launch: one per SMART client type, all pre-registered with the lab's server. */
export interface SampleAppProfile {
  clientId: string;
  label: string;
  description: string;
  /** How the app authenticates at the token endpoint. */
  auth: "none" | "client-secret" | "private-key-jwt";
}

/** The pre-registered sample apps (their registrations live in the authorization server). */
export const sampleAppProfiles: readonly SampleAppProfile[] = [
  {
    clientId: "lab-public-app",
    label: "Public app (browser only, PKCE)",
    description: "A single-page app with no secret: it proves possession of the code with PKCE alone.",
    auth: "none",
  },
  {
    clientId: "lab-confidential-app",
    label: "Confidential app (client secret)",
    description: "A web app with a back end that keeps a client secret and sends it with HTTP Basic.",
    auth: "client-secret",
  },
  {
    clientId: "lab-asymmetric-app",
    label: "Confidential app (private key JWT)",
    description: "An app that signs a short-lived JWT assertion with its private key (ES384) instead of a secret.",
    auth: "private-key-jwt",
  },
];

/** What the sample app asks for by default in a standalone patient launch. */
export const DEFAULT_STANDALONE_SCOPE =
  "launch/patient openid fhirUser offline_access patient/Patient.r patient/Observation.rs patient/Condition.rs patient/Encounter.rs";

/** What the sample app asks for when an EHR launches it. */
export const DEFAULT_EHR_SCOPE =
  "launch openid fhirUser online_access patient/Patient.r patient/Observation.rs patient/Condition.rs patient/Encounter.r";

/** App-relative paths of the sample app's pages. */
export const SAMPLE_APP_PATHS = {
  home: "/sample-app",
  launch: "/sample-app/launch",
  callback: "/sample-app/callback",
} as const;
