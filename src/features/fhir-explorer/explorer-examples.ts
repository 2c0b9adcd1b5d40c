import type { ExplorerMethod } from "./explorer-request.ts";

/** A one-click example: what it teaches, and the request it fills in. @see https://hl7.org/fhir/R4/search.html */
export interface ExplorerExample {
  label: string;
  method: ExplorerMethod;
  path: string;
  /** JSON body for POST/PUT templates. */
  body?: string;
  /** GET examples run at once; templates that change data only fill the form, so the learner sends on purpose. */
  sendNow: boolean;
}

/** A new Observation for the lab's first patient: the body of the "create" template. @see https://hl7.org/fhir/R4/observation.html */
export const NEW_OBSERVATION_TEMPLATE = JSON.stringify(
  {
    resourceType: "Observation",
    status: "final",
    category: [
      {
        coding: [
          {
            system: "http://terminology.hl7.org/CodeSystem/observation-category",
            code: "vital-signs",
            display: "Vital Signs",
          },
        ],
      },
    ],
    code: { coding: [{ system: "http://loinc.org", code: "29463-7", display: "Body weight" }], text: "Body weight" },
    subject: { reference: "Patient/smart-1" },
    effectiveDateTime: "2026-01-15T09:30:00Z",
    valueQuantity: { value: 68.2, unit: "kg", system: "http://unitsofmeasure.org", code: "kg" },
  },
  null,
  2,
);

/**
 * The queries the labs use, as one-click examples: capabilities, lists and paging, search by name, a patient's
 * labs, `_include`, `_revinclude`, `_summary=count`, a date range, a read, a history, and a create template.
 * @see https://hl7.org/fhir/R4/http.html
 */
export const EXPLORER_EXAMPLES: readonly ExplorerExample[] = [
  { label: "Capability statement", method: "GET", path: "metadata", sendNow: true },
  { label: "Patient list (5 per page)", method: "GET", path: "Patient?_count=5", sendNow: true },
  { label: "Patient by name", method: "GET", path: "Patient?name=shaw", sendNow: true },
  { label: "Read a patient", method: "GET", path: "Patient/smart-1", sendNow: true },
  {
    label: "A patient's labs",
    method: "GET",
    path: "Observation?patient=smart-1&category=laboratory&_count=10",
    sendNow: true,
  },
  {
    label: "_include the medication",
    method: "GET",
    path: "MedicationRequest?patient=smart-3&_include=MedicationRequest:medication",
    sendNow: true,
  },
  {
    label: "_revinclude conditions",
    method: "GET",
    path: "Patient?_id=smart-1&_revinclude=Condition:patient",
    sendNow: true,
  },
  { label: "_summary=count", method: "GET", path: "Observation?patient=smart-1&_summary=count", sendNow: true },
  {
    label: "Date range",
    method: "GET",
    path: "Observation?patient=smart-1&date=ge2025-01-01&date=lt2026-01-01&_count=10",
    sendNow: true,
  },
  { label: "Version history", method: "GET", path: "Patient/smart-1/_history", sendNow: true },
  {
    label: "Template: create an Observation",
    method: "POST",
    path: "Observation",
    body: NEW_OBSERVATION_TEMPLATE,
    sendNow: false,
  },
];
