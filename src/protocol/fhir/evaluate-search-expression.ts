import { isJsonObject } from "./fhir-resource.ts";

/**
 * A value an expression selected, with its FHIR type when the path named it (a choice element such as
 * `effectiveDateTime` says `dateTime`); otherwise the matcher infers the type from the JSON shape.
 * @see https://hl7.org/fhir/R4/fhirpath.html
 */
export interface PathValue {
  value: unknown;
  type?: string;
}

type Step =
  | { kind: "child"; name: string }
  | { kind: "as"; type: string }
  | { kind: "resolve-is"; type: string }
  | { kind: "where-equals"; element: string; value: string };

const compiled = new Map<string, Step[][]>();

/**
 * Evaluates the subset of FHIRPath the R4 search parameter expressions use — unions (`|`), paths, choice
 * elements (`value[x]`), `as T` / `.as(T)`, `.where(resolve() is T)` and `.where(element='literal')` — against a
 * resource. `resolve() is T` is decided from the reference's own text (`Patient/123`), as servers commonly do,
 * rather than by loading the target.
 * @see https://hl7.org/fhir/R4/searchparameter-definitions.html#SearchParameter.expression
 */
export function evaluateSearchExpression(resource: unknown, expression: string): PathValue[] {
  let terms = compiled.get(expression);
  if (!terms) {
    terms = splitTopLevel(expression, "|").map((term) => compileTerm(term.trim()));
    compiled.set(expression, terms);
  }
  const out: PathValue[] = [];
  for (const steps of terms) {
    let current: PathValue[] = [{ value: resource }];
    for (const [index, step] of steps.entries()) {
      // The first step names the resource type (or `Resource`); the evaluator is always handed a matching resource.
      if (index === 0 && step.kind === "child") continue;
      current = applyStep(current, step);
      if (current.length === 0) break;
    }
    out.push(...current);
  }
  return out;
}

function applyStep(input: PathValue[], step: Step): PathValue[] {
  const out: PathValue[] = [];
  for (const item of input) {
    switch (step.kind) {
      case "child":
        collectChild(item.value, step.name, out);
        break;
      case "as":
        if (item.type === undefined || item.type.toLowerCase() === step.type.toLowerCase()) {
          if (item.type !== undefined || inferIsType(item.value, step.type))
            out.push({ value: item.value, type: step.type });
        }
        break;
      case "resolve-is":
        if (referenceType(item.value) === step.type) out.push(item);
        break;
      case "where-equals":
        if (isJsonObject(item.value) && item.value[step.element] === step.value) out.push(item);
        break;
    }
  }
  return out;
}

function collectChild(value: unknown, name: string, out: PathValue[]): void {
  if (!isJsonObject(value)) return;
  if (name in value) {
    pushAll(value[name], undefined, out);
    return;
  }
  // A choice element `name[x]` is stored as `name` + the type's name with an upper-case first letter.
  for (const key of Object.keys(value)) {
    if (key.length > name.length && key.startsWith(name)) {
      const suffix = key.slice(name.length);
      const first = suffix.charAt(0);
      if (first >= "A" && first <= "Z") {
        const primitive = PRIMITIVES.has(suffix.charAt(0).toLowerCase() + suffix.slice(1));
        pushAll(value[key], primitive ? suffix.charAt(0).toLowerCase() + suffix.slice(1) : suffix, out);
      }
    }
  }
}

const PRIMITIVES = new Set([
  "boolean",
  "integer",
  "string",
  "decimal",
  "uri",
  "url",
  "canonical",
  "base64Binary",
  "instant",
  "date",
  "dateTime",
  "time",
  "code",
  "oid",
  "id",
  "markdown",
  "unsignedInt",
  "positiveInt",
  "uuid",
]);

function pushAll(value: unknown, type: string | undefined, out: PathValue[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value)
      if (item !== undefined && item !== null) out.push(type ? { value: item, type } : { value: item });
  } else {
    out.push(type ? { value, type } : { value });
  }
}

/** Without a declared type, `x as Reference` and friends are decided from the JSON shape. */
function inferIsType(value: unknown, type: string): boolean {
  switch (type) {
    case "Reference":
      return (
        isJsonObject(value) &&
        ("reference" in value || "identifier" in value || "display" in value) &&
        !("coding" in value)
      );
    case "CodeableConcept":
      return isJsonObject(value) && ("coding" in value || "text" in value);
    case "Quantity":
      return isJsonObject(value) && "value" in value;
    case "string":
      return typeof value === "string";
    default:
      return true;
  }
}

/** The resource type a reference names, from its `Type/id` text or absolute URL; undefined for `urn:` and `#` references. @see https://hl7.org/fhir/R4/references.html#literal */
export function referenceType(value: unknown): string | undefined {
  const text = isJsonObject(value) ? value.reference : value;
  if (typeof text !== "string") {
    return isJsonObject(value) && typeof value.type === "string" ? value.type : undefined;
  }
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(text);
  return match?.[1];
}

function compileTerm(term: string): Step[] {
  let text = term.trim();
  // `(A.b as T).c` — a parenthesised cast followed by further steps.
  if (text.startsWith("(")) {
    const close = matchingParen(text, 0);
    const inner = compileTerm(text.slice(1, close));
    const rest = text.slice(close + 1).trim();
    return rest.startsWith(".") ? [...inner, ...compileSegments(rest.slice(1))] : inner;
  }
  const asMatch = /^(.*)\s+as\s+([A-Za-z]+)$/.exec(text);
  if (asMatch?.[1] !== undefined && asMatch[2] !== undefined) {
    return [...compileSegments(asMatch[1]), { kind: "as", type: asMatch[2] }];
  }
  text = text.trim();
  return compileSegments(text);
}

function compileSegments(path: string): Step[] {
  const steps: Step[] = [];
  for (const segment of splitTopLevel(path, ".")) {
    const as = /^as\(([A-Za-z]+)\)$/.exec(segment);
    const resolveIs = /^where\(resolve\(\)\s+is\s+([A-Za-z]+)\)$/.exec(segment);
    const equals = /^where\(([A-Za-z]+)\s*=\s*'([^']*)'\)$/.exec(segment);
    if (as?.[1]) steps.push({ kind: "as", type: as[1] });
    else if (resolveIs?.[1]) steps.push({ kind: "resolve-is", type: resolveIs[1] });
    else if (equals?.[1] !== undefined && equals[2] !== undefined)
      steps.push({ kind: "where-equals", element: equals[1], value: equals[2] });
    else if (/^[A-Za-z][A-Za-z0-9]*$/.test(segment)) steps.push({ kind: "child", name: segment });
    else throw new Error(`Unsupported search expression segment: ${segment}`);
  }
  return steps;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`Unbalanced parentheses in search expression: ${text}`);
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === "(") depth++;
    else if (!quoted && char === ")") depth--;
    else if (!quoted && depth === 0 && char === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((part) => part.trim() !== "");
}
