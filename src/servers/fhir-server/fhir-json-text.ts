import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  Object.getPrototypeOf(value) === Object.prototype &&
  typeof (value as { toJSON?: unknown }).toJSON !== "function";

/** An object's JSON with the text of some of its members given: what JSON.stringify would write, key for key. */
function objectText(
  value: Record<string, unknown>,
  member: (key: string, item: unknown) => string | undefined,
): string {
  let out = "";
  for (const key of Object.keys(value)) {
    const text = member(key, value[key]);
    // JSON.stringify leaves out members whose value has no JSON (undefined, functions, symbols).
    if (text === undefined) continue;
    out += `${out === "" ? "" : ","}${JSON.stringify(key)}:${text}`;
  }
  return `{${out}}`;
}

/**
 * The compact JSON of a response body, byte for byte what `JSON.stringify(body)` gives, but with each resource (the
 * body itself, or a Bundle's `entry[].resource`) written by `resourceText`, which can give a stored version's text
 * without walking it again. A page of search results is mostly resources the server has sent before.
 */
export function fhirJsonText(body: unknown, resourceText: (resource: FhirResource) => string): string {
  if (!isPlainObject(body) || typeof body.resourceType !== "string") return JSON.stringify(body);
  if (body.resourceType !== "Bundle" || !Array.isArray(body.entry)) return resourceText(body as FhirResource);
  return objectText(body, (key, item) => {
    if (key !== "entry" || !Array.isArray(item)) return JSON.stringify(item);
    const entries = item.map((entry: unknown) =>
      isPlainObject(entry)
        ? objectText(entry, (entryKey, value) =>
            entryKey === "resource" && isPlainObject(value) && typeof value.resourceType === "string"
              ? resourceText(value as FhirResource)
              : JSON.stringify(value),
          )
        : // An entry JSON.stringify would write as null (undefined, a function) stays null in an array.
          (JSON.stringify(entry) ?? "null"),
    );
    return `[${entries.join(",")}]`;
  });
}
