import type { ServerContext } from "./server-context.ts";
import type { FhirContextItem, LaunchContext } from "./server-state.ts";

/**
 * How long a launch id stays usable: long enough to reload the app a few times, short enough to be a "launch".
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#launch-app-ehr-launch
 */
const EHR_LAUNCH_LIFETIME_MS = 60 * 60_000;

/**
 * What the simulated EHR knows when a user launches an app from a chart.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export interface EhrLaunchOptions {
  /** The open chart's patient id. */
  patient?: string;
  /** The open encounter (must belong to the patient). */
  encounter?: string;
  /** The EHR user, already signed in to the EHR: the authorize page skips sign-in. */
  personaId?: string;
  /** A string the app may use to pick a mode (e.g. `reconcile-medications`). */
  intent?: string;
  fhirContext?: FhirContextItem[];
  /** Whether the app must show its own patient banner (default false: the EHR shows one around the app). */
  needPatientBanner?: boolean;
  /** Overrides the server's `smart_style_url` for this launch. */
  smartStyleUrl?: string;
  tenant?: string;
  /** Restricts the launch to one client. */
  clientId?: string;
}

/**
 * Records an EHR launch and returns its opaque id, the `launch` parameter the EHR passes to the app. Throws a
 * RangeError for a patient, encounter or persona the lab does not know (a programming error of the caller).
 *
 */
export function createEhrLaunch(ctx: ServerContext, options: EhrLaunchOptions): string {
  if (options.patient !== undefined && !ctx.deps.patients.list().some((p) => p.id === options.patient)) {
    throw new RangeError(`Unknown patient ${options.patient}.`);
  }
  if (options.encounter !== undefined) {
    if (options.patient === undefined) throw new RangeError("An encounter needs a patient.");
    if (!ctx.deps.patients.encountersOf(options.patient).some((e) => e.id === options.encounter)) {
      throw new RangeError(`Encounter ${options.encounter} does not belong to patient ${options.patient}.`);
    }
  }
  if (options.personaId !== undefined && !ctx.persona(options.personaId)) {
    throw new RangeError(`Unknown persona ${options.personaId}.`);
  }
  const context: LaunchContext = {};
  if (options.patient !== undefined) context.patient = options.patient;
  if (options.encounter !== undefined) context.encounter = options.encounter;
  if (options.fhirContext !== undefined) context.fhirContext = options.fhirContext;
  if (options.intent !== undefined) context.intent = options.intent;
  if (options.needPatientBanner !== undefined) context.needPatientBanner = options.needPatientBanner;
  if (options.smartStyleUrl !== undefined) context.smartStyleUrl = options.smartStyleUrl;
  if (options.tenant !== undefined) context.tenant = options.tenant;
  const id = ctx.randomToken(16);
  const now = ctx.now();
  ctx.state.launches.put(id, {
    context,
    ...(options.personaId !== undefined ? { personaId: options.personaId } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
    createdAt: now,
    expiresAt: now + EHR_LAUNCH_LIFETIME_MS,
  });
  ctx.trace("launch.created", "The EHR created a launch context for an app.", { launch: id, ...options });
  return id;
}

/**
 * The URL the EHR opens for an EHR launch: the app's launch URL with `iss` (the FHIR base) and `launch`.
 *
 */
export function buildEhrLaunchUrl(launchUri: string, iss: string, launchId: string): string {
  const separator = launchUri.includes("?") ? "&" : "?";
  return `${launchUri}${separator}${new URLSearchParams({ iss, launch: launchId })}`;
}
