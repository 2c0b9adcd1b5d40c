import type { CodeableConcept, FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { type CodeEntry, SYSTEMS } from "./clinical-codes.ts";
import { concept, type DisplayedReference, narrative } from "./fhir-datatypes.ts";

/**
 * A final Observation of one category at an encounter: `value` is its `value[x]`, `extra` any further elements
 * (components, a reference range, another status); the narrative renders the value.
 * @see https://hl7.org/fhir/R4/observation.html
 */
export function observationResource(
  id: string,
  patient: DisplayedReference,
  encounter: { reference: string },
  category: string,
  code: CodeEntry,
  effective: string,
  issued: string,
  value: Record<string, unknown>,
  extra: Record<string, unknown>,
): FhirResource {
  const rendered = renderValue(value, extra);
  return {
    resourceType: "Observation",
    id,
    text: narrative(`${code.display}: ${rendered} (${effective.slice(0, 10)}).`),
    status: "final",
    category: [
      concept(SYSTEMS.observationCategory, { code: category, display: CATEGORY_DISPLAY[category] ?? category }),
    ],
    code: concept(SYSTEMS.loinc, code),
    subject: patient,
    encounter,
    effectiveDateTime: effective,
    issued,
    ...value,
    ...extra,
  };
}

const CATEGORY_DISPLAY: Record<string, string> = {
  "vital-signs": "Vital Signs",
  laboratory: "Laboratory",
  "social-history": "Social History",
  survey: "Survey",
};

function renderValue(value: Record<string, unknown>, extra: Record<string, unknown>): string {
  const q = value.valueQuantity as { value: number; unit: string } | undefined;
  if (q) return `${q.value} ${q.unit}`;
  const c = value.valueCodeableConcept as CodeableConcept | undefined;
  if (c) return c.text ?? "";
  const components = extra.component as { valueQuantity: { value: number } }[] | undefined;
  if (components) return `${components.map((component) => component.valueQuantity.value).join("/")} mm[Hg]`;
  return "";
}
