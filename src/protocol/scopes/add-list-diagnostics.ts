import { clinicalScopeCovers } from "./clinical-scope-covers.ts";
import { describePermissions } from "./describe-permissions.ts";
import type { ClinicalScope, ParsedScope, SourceRange } from "./parsed-scope.ts";
import { makeDiagnostic, type ScopeDiagnostic, type ScopeFix } from "./scope-diagnostic.ts";
import { span } from "./scope-token.ts";

/**
 * The kind of client asking: a user-facing app (standalone or EHR launch) or a backend service.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#system-level-scopes
 */
export type ClientKind = "user-facing" | "backend";

function contextRange(scope: ClinicalScope): SourceRange {
  return span(scope.range.start, scope.range.start + scope.contextAsWritten.length);
}

function removeFix(title: string): ScopeFix {
  return { title, replacement: "" };
}

/**
 * Adds the diagnostics about the list as a whole to its scopes: duplicates, subsumed scopes, v1 and mixed
 * versions, missing launch context, offline with online access, scopes that do not fit the kind of client, write
 * without read, fhirUser without openid, and profile.
 *
 */
export function addListDiagnostics(scopes: readonly ParsedScope[], launch: ClientKind | undefined): void {
  const add = (scope: ParsedScope, diagnostic: ScopeDiagnostic) => scope.diagnostics.push(diagnostic);
  // Invalid scopes are compared by text only: their normalised form is a best guess, not a meaning.
  const firstByKey = new Map<string, ParsedScope>();
  const duplicates = new Set<ParsedScope>();
  scopes.forEach((scope, i) => {
    const key = scope.valid ? `valid ${scope.normalized}` : `text ${scope.text}`;
    const first = firstByKey.get(key);
    if (!first) {
      firstByKey.set(key, scope);
      return;
    }
    duplicates.add(scope);
    add(
      scope,
      makeDiagnostic(
        "duplicate-scope",
        i,
        scope.range,
        first.text === scope.text
          ? `"${scope.text}" is requested twice; remove the repeat.`
          : `"${scope.text}" asks for the same access as "${first.text}" (both mean ${scope.normalized}); remove one.`,
        removeFix("Remove the duplicate"),
        { scope: first.text, range: first.range },
      ),
    );
  });

  const clinical = scopes.filter((s): s is ClinicalScope => s.kind === "clinical");
  const validClinical = clinical.filter((s) => s.valid);
  const candidates = validClinical.filter((s) => !duplicates.has(s));
  for (const inner of candidates) {
    for (const outer of candidates) {
      if (inner === outer || !clinicalScopeCovers(outer, inner)) continue;
      // Two differently written but equivalent scopes cover each other: flag only the later one.
      if (clinicalScopeCovers(inner, outer) && inner.range.start < outer.range.start) continue;
      add(
        inner,
        makeDiagnostic(
          "subsumed-scope",
          scopes.indexOf(inner),
          inner.range,
          `"${inner.text}" is already covered by "${outer.text}", which grants ${describePermissions(outer.permissions)} on ${outer.resourceType === "*" ? "every resource type" : outer.resourceType}; it adds nothing.`,
          removeFix(`Remove (covered by ${outer.text})`),
          { scope: outer.text, range: outer.range },
        ),
      );
      break;
    }
  }

  const hasV2 = validClinical.some((s) => s.version === 2);
  for (const scope of validClinical) {
    if (scope.version !== 1) continue;
    const fix = { title: `Use the v2 form "${scope.normalized}"`, replacement: scope.normalized };
    add(
      scope,
      hasV2
        ? makeDiagnostic(
            "mixed-scope-versions",
            scopes.indexOf(scope),
            scope.range,
            `"${scope.text}" is a v1 scope but this request also has v2 scopes; servers answer v1 requests in v1 terms, so mixing makes the grant hard to read. Use "${scope.normalized}".`,
            fix,
          )
        : makeDiagnostic(
            "v1-scope",
            scopes.indexOf(scope),
            scope.range,
            `"${scope.text}" is SMART v1 syntax; a v2 server reads it as "${scope.normalized}" (${describePermissions(scope.permissions)}) and answers in v1 terms.`,
            fix,
          ),
    );
  }

  if (launch !== "backend") {
    const firstPatient = clinical.find((s) => s.context === "patient");
    const asksPatient = scopes.some(
      (s) => s.kind === "launch" && (s.launchContext === null || s.launchContext === "patient"),
    );
    if (firstPatient && !asksPatient) {
      add(
        firstPatient,
        makeDiagnostic(
          "patient-scope-without-launch",
          scopes.indexOf(firstPatient),
          firstPatient.range,
          `"${firstPatient.text}" needs a patient in context, but the request has neither launch/patient (standalone launch) nor launch (EHR launch); a server may refuse it or infer launch/patient.`,
          { title: "Add launch/patient", replacement: `${firstPatient.text} launch/patient` },
        ),
      );
    }
  }

  const offline = scopes.findIndex((s) => s.kind === "offline_access");
  const online = scopes.findIndex((s) => s.kind === "online_access");
  if (offline >= 0 && online >= 0) {
    // Flag every scope of the kind requested second, so removing any one of them makes progress.
    const laterKind = offline > online ? "offline_access" : "online_access";
    scopes.forEach((scope, i) => {
      if (scope.kind !== laterKind) return;
      add(
        scope,
        makeDiagnostic(
          "offline-and-online-access",
          i,
          scope.range,
          "Request either offline_access or online_access, not both: an offline refresh token keeps working after the user signs out, an online one only while they stay signed in.",
          removeFix(`Remove ${scope.text}`),
        ),
      );
    });
  }

  if (launch === "user-facing") {
    for (const scope of clinical) {
      if (scope.context !== "system") continue;
      add(
        scope,
        makeDiagnostic(
          "system-scope-in-user-facing-launch",
          scopes.indexOf(scope),
          contextRange(scope),
          `"${scope.text}" is a system-level scope, meant for backend services with no user in the loop; a user-facing app asks for user/ or patient/ scopes.`,
          { title: 'Change to "user"', replacement: "user" },
        ),
      );
    }
  }

  if (launch === "backend") {
    scopes.forEach((scope, i) => {
      if (scope.kind === "clinical" && scope.context !== "system") {
        add(
          scope,
          makeDiagnostic(
            "not-for-backend-services",
            i,
            contextRange(scope),
            `"${scope.text}" needs a ${scope.context === "patient" ? "patient in context" : "signed-in user"}, which a backend service does not have: request system/ scopes.`,
            { title: 'Change to "system"', replacement: "system" },
          ),
        );
      } else if (
        scope.kind === "launch" ||
        scope.kind === "openid" ||
        scope.kind === "fhirUser" ||
        scope.kind === "profile" ||
        scope.kind === "offline_access" ||
        scope.kind === "online_access"
      ) {
        add(
          scope,
          makeDiagnostic(
            "not-for-backend-services",
            i,
            scope.range,
            `"${scope.text}" belongs to user-facing launches; a backend service has no user, launch or refresh token.`,
            removeFix(`Remove ${scope.text}`),
          ),
        );
      }
    });
  }

  for (const scope of validClinical) {
    const p = scope.permissions;
    if (!(p.c || p.u || p.d) || p.r) continue;
    const canRead = validClinical.some(
      (o) =>
        o.permissions.r &&
        o.context === scope.context &&
        (o.resourceType === "*" || o.resourceType === scope.resourceType),
    );
    if (canRead) continue;
    const what = scope.resourceType === "*" ? "resources" : scope.resourceType;
    add(
      scope,
      makeDiagnostic(
        "write-without-read",
        scopes.indexOf(scope),
        scope.range,
        `"${scope.text}" lets the app ${describePermissions(p)} ${what} but not read them: write access does not imply read access.`,
      ),
    );
  }

  const hasOpenid = scopes.some((s) => s.kind === "openid");
  const hasFhirUser = scopes.some((s) => s.kind === "fhirUser");
  scopes.forEach((scope, i) => {
    if (scope.kind === "fhirUser" && !hasOpenid) {
      add(
        scope,
        makeDiagnostic(
          "fhiruser-without-openid",
          i,
          scope.range,
          "fhirUser arrives as a claim in the id_token, and only openid asks for an id_token: request openid fhirUser.",
          { title: "Add openid", replacement: "openid fhirUser" },
        ),
      );
    }
    if (scope.kind === "profile") {
      add(
        scope,
        makeDiagnostic(
          "profile-scope",
          i,
          scope.range,
          "profile is an OpenID Connect scope (SMART v1 accepted it); SMART 2 apps learn who the user is with openid fhirUser.",
          hasFhirUser ? undefined : { title: "Change to fhirUser", replacement: "fhirUser" },
        ),
      );
    }
  });
}
