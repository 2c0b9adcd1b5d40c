import type { JWK } from "jose";
import { registerClient } from "./client-registry.ts";
import { createPersistedKeyPair, type KeyPairAlgorithm, type LoadedKeyPair } from "./persisted-key-pair.ts";
import type { ClientRegistrationInput } from "./registered-client.ts";
import type { ServerContext } from "./server-context.ts";

/**
 * The ids of the pre-registered sample apps, one per SMART client type.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#client-types
 */
export const SAMPLE_CLIENT_IDS = {
  publicApp: "lab-public-app",
  confidentialApp: "lab-confidential-app",
  asymmetricApp: "lab-asymmetric-app",
  backendService: "lab-backend-service",
  flowApp: "lab-flow-app",
  workbenchApp: "lab-workbench-app",
} as const;

// The key each asymmetric sample signs its assertions with: ES384 is fast to generate in a browser; the backend
// service uses RS384, the algorithm of the IG's own backend example.
const SAMPLE_KEY_ALGORITHMS: Readonly<Record<string, KeyPairAlgorithm>> = {
  [SAMPLE_CLIENT_IDS.asymmetricApp]: "ES384",
  [SAMPLE_CLIENT_IDS.backendService]: "RS384",
};

/**
 * A sample client's private signing key as a JWK with `kid` and `alg` (what fhirclient's `clientPrivateJwk` takes),
 * or undefined for clients without one. The lab keeps it so its sample apps can sign client assertions.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#authenticating-to-the-token-endpoint
 */
export async function loadSampleClientKey(ctx: ServerContext, clientId: string): Promise<LoadedKeyPair | undefined> {
  const alg = SAMPLE_KEY_ALGORITHMS[clientId];
  if (alg === undefined) return undefined;
  const load = createPersistedKeyPair(
    {
      read: () => ctx.state.sampleClientKeys.get(clientId),
      write: (pair) => ctx.state.sampleClientKeys.put(clientId, pair),
    },
    alg,
    ctx.now,
    (pair) =>
      ctx.trace("keys.generated", `Generated the ${alg} key pair of sample client ${clientId}.`, {
        clientId,
        kid: pair.kid,
      }),
  );
  return load();
}

/**
 * Registers the four sample apps on first start (and after a reset), and keeps their redirect URIs in step with
 * the wiring's (the origin and base path are only known at run time).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#register-app-with-ehr
 */
export async function ensureSampleClients(ctx: ServerContext): Promise<void> {
  const redirectUris = [...(ctx.deps.sampleRedirectUris ?? [`${ctx.issuer}/sample-app-callback`])];
  const launchUri = ctx.deps.sampleLaunchUri;
  if (ctx.state.samplesSeeded.get() === undefined) {
    const publicKeyOf = async (clientId: string): Promise<JWK> => {
      const key = await loadSampleClientKey(ctx, clientId);
      if (!key) throw new Error(`No key algorithm for sample client ${clientId}.`);
      return key.publicJwk;
    };
    const samples: ClientRegistrationInput[] = [
      {
        clientId: SAMPLE_CLIENT_IDS.publicApp,
        clientName: "Lab sample app (public, PKCE only)",
        appType: "public",
        redirectUris,
        ...(launchUri !== undefined ? { launchUri } : {}),
      },
      {
        clientId: SAMPLE_CLIENT_IDS.confidentialApp,
        clientName: "Lab sample app (confidential, client secret)",
        appType: "confidential-symmetric",
        redirectUris,
        ...(launchUri !== undefined ? { launchUri } : {}),
      },
      {
        clientId: SAMPLE_CLIENT_IDS.asymmetricApp,
        clientName: "Lab sample app (confidential, private key JWT)",
        appType: "confidential-asymmetric",
        redirectUris,
        jwks: { keys: [await publicKeyOf(SAMPLE_CLIENT_IDS.asymmetricApp)] },
        ...(launchUri !== undefined ? { launchUri } : {}),
      },
      {
        clientId: SAMPLE_CLIENT_IDS.backendService,
        clientName: "Lab backend service (client credentials)",
        appType: "backend-service",
        jwks: { keys: [await publicKeyOf(SAMPLE_CLIENT_IDS.backendService)] },
      },
    ];
    for (const sample of samples) {
      if (sample.clientId !== undefined && ctx.state.clients.get(sample.clientId)) continue;
      const result = await registerClient(ctx, sample, "sample");
      if (!result.ok) throw new Error(`Sample client ${sample.clientId} is invalid: ${result.error.description}`);
    }
    ctx.state.samplesSeeded.set({ at: ctx.now() });
  }
  await ensureLaterApp(ctx, "flowApp");
  await ensureLaterApp(ctx, "workbenchApp");
  for (const [clientId, client] of ctx.state.clients.entries()) {
    if (client.source !== "sample" || !client.grantTypes.includes("authorization_code")) continue;
    if (clientId === SAMPLE_CLIENT_IDS.flowApp || clientId === SAMPLE_CLIENT_IDS.workbenchApp) continue;
    const missing = redirectUris.filter((uri) => !client.redirectUris.includes(uri));
    if (missing.length > 0 || (launchUri !== undefined && client.launchUri === undefined)) {
      ctx.state.clients.put(clientId, {
        ...client,
        redirectUris: [...client.redirectUris, ...missing],
        ...(launchUri !== undefined && client.launchUri === undefined ? { launchUri } : {}),
      });
    }
  }
}

// The flow visualizer's and the workbench's apps came after the other samples: each registered once, also in a lab
// that was seeded before it existed; a learner who deletes or edits one gets it back with Reset lab.
async function ensureLaterApp(ctx: ServerContext, which: "flowApp" | "workbenchApp"): Promise<void> {
  const seeded = ctx.state.samplesSeeded.get();
  const wiring =
    which === "flowApp"
      ? ctx.deps.flowApp && {
          clientName: "Lab flow visualizer app (public, PKCE only)",
          redirectUris: [ctx.deps.flowApp.redirectUri],
          launchUri: ctx.deps.flowApp.launchUri,
        }
      : ctx.deps.workbenchApp && {
          clientName: "My workbench app (public, PKCE only)",
          redirectUris: [...ctx.deps.workbenchApp.redirectUris],
          launchUri: ctx.deps.workbenchApp.launchUri,
        };
  if (!wiring || !seeded || seeded[which] !== undefined) return;
  const clientId = SAMPLE_CLIENT_IDS[which];
  if (!ctx.state.clients.get(clientId)) {
    const result = await registerClient(ctx, { clientId, appType: "public", ...wiring }, "sample");
    if (!result.ok) throw new Error(`The ${which} client is invalid: ${result.error.description}`);
  }
  ctx.state.samplesSeeded.set({ ...seeded, [which]: ctx.now() });
}
