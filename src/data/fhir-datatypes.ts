import type { CodeableConcept } from "../protocol/fhir/fhir-resource.ts";
import type { CodeEntry } from "./clinical-codes.ts";
import { SYSTEMS } from "./clinical-codes.ts";

/** A reference with the display text the generator puts on patient references. @see https://hl7.org/fhir/R4/references.html */
export interface DisplayedReference {
  reference: string;
  display: string;
}

/** A CodeableConcept of one coding, its display repeated as `text`. @see https://hl7.org/fhir/R4/datatypes.html#CodeableConcept */
export function concept(system: string, entry: CodeEntry): CodeableConcept {
  return { coding: [{ system, code: entry.code, display: entry.display }], text: entry.display };
}

/** A `valueQuantity` in UCUM, the unit doubling as its code. */
export function quantity(
  value: number,
  unit: string,
): { valueQuantity: { value: number; unit: string; system: string; code: string } } {
  return { valueQuantity: { value, unit, system: SYSTEMS.ucum, code: unit } };
}

/** `value` rounded to `digits` decimals, for measured values. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A generated narrative: the XHTML `div` FHIR requires, with the text escaped. @see https://hl7.org/fhir/R4/narrative.html */
export function narrative(text: string): { status: "generated"; div: string } {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return { status: "generated", div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escaped}</p></div>` };
}
