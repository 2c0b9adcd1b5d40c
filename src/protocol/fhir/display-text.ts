import { isJsonObject } from "./fhir-resource.ts";

/** Short, readable text of FHIR datatypes, for lists and pickers. Defensive: it reads untrusted JSON. */

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * A HumanName list as one name: the first name's `text`, else its given names and family ("" when there is none).
 * @see https://hl7.org/fhir/R4/datatypes.html#HumanName
 */
export function humanNameText(names: unknown): string {
  const name = Array.isArray(names) ? names.find(isJsonObject) : undefined;
  if (!name) return "";
  if (text(name.text)) return text(name.text);
  const given = Array.isArray(name.given) ? name.given.filter((part): part is string => typeof part === "string") : [];
  return [...given, text(name.family)].join(" ").trim();
}

/**
 * A CodeableConcept as text: its `text`, else the first coding's display, else its code ("" when none).
 */
export function codeableConceptText(concept: unknown): string {
  if (!isJsonObject(concept)) return "";
  const codings = Array.isArray(concept.coding) ? concept.coding.filter(isJsonObject) : [];
  return text(concept.text) || text(codings[0]?.display) || text(codings[0]?.code);
}
