import {
  type AccessContext,
  type DecideAccessOptions,
  type FhirInteraction,
  permissionForInteraction,
} from "./decide-access.ts";
import type { ParsedScopeList } from "./parsed-scope.ts";

/**
 * What a token's scopes allow of a whole resource type before any resource is looked at: `every` resource (a scope
 * with no granular constraint and no patient or user restriction covers the type); only resources in the
 * compartment of one `patient` (every scope that could cover one is a patient/ scope for that patient, on a type
 * that has compartments); or it depends on each resource.
 */
export type TypeWideAccess = { reach: "every" } | { reach: "compartment"; patient: string } | { reach: "per-resource" };

/**
 * Tells, for `interaction` on `resourceType`, what {@link decideAccess} will decide for every resource of that type
 * (see {@link TypeWideAccess}), so a server can decide a whole search at once or narrow it to one compartment
 * first. It reads the scopes as `decideAccess` does, with the same context and options; whatever it cannot tell
 * without a resource is `per-resource`, never a guess.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources
 */
export function typeWideAccess(
  list: ParsedScopeList,
  context: AccessContext,
  interaction: FhirInteraction,
  resourceType: string,
  options: DecideAccessOptions = {},
): TypeWideAccess {
  const permission = permissionForInteraction(interaction);
  const readLike = permission === "r" || permission === "s";
  let dependsOnResource = false;
  let onlyInPatientCompartment = true;
  for (const scope of list.clinical) {
    // The refusals decideAccess makes before it looks at the resource: they hold for every resource of the type.
    if (scope.resourceType !== "*" && scope.resourceType !== resourceType) continue;
    if (!scope.valid || !scope.permissions[permission]) continue;
    if (scope.diagnostics.some((d) => d.code === "unsupported-granular-param")) continue;
    if (scope.context === "patient") {
      if (!context.patient) continue;
      dependsOnResource = true;
      // A patient/ read reaches the patient's compartment, plus every resource of a shared type (in none).
      if (!readLike || options.sharedResourceTypes?.(resourceType)) onlyInPatientCompartment = false;
      continue;
    }
    const unrestricted =
      scope.context === "system" || (scope.context === "user" && readLike && context.userPatients === undefined);
    if (unrestricted && scope.filters.length === 0) return { reach: "every" };
    dependsOnResource = true;
    onlyInPatientCompartment = false;
  }
  if (dependsOnResource && onlyInPatientCompartment && context.patient)
    return { reach: "compartment", patient: context.patient };
  return { reach: "per-resource" };
}
