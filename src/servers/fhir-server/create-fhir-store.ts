import { evaluateSearchExpression } from "../../protocol/fhir/evaluate-search-expression.ts";
import type { DateRange } from "../../protocol/fhir/fhir-date-range.ts";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import {
  dateRangeOf,
  parseRelativeReference,
  referenceTextOf,
  stringValuesOf,
  tokenValuesOf,
} from "../../protocol/fhir/match-search-filter.ts";
import { normalizeSearchString } from "../../protocol/fhir/parse-search-query.ts";
import { compartmentPatientsOf } from "../../protocol/fhir/patient-compartment.ts";
import {
  SEARCH_PARAMETERS_BY_TYPE,
  type SearchParameterDefinition,
  searchParameterOf,
} from "../../protocol/fhir/search-parameters.ts";
import { type KeyValueStorage, readJson, writeJson } from "../key-value-storage.ts";

/** One version of a resource; a deletion is a version without a resource. @see https://hl7.org/fhir/R4/http.html#history */
export interface ResourceVersion {
  versionId: string;
  lastUpdated: string;
  method: "POST" | "PUT" | "DELETE";
  resource?: FhirResource;
}

/** Everything the store knows of one logical resource: its versions (oldest first) and the live one. */
export interface ResourceRecord {
  type: string;
  id: string;
  versions: ResourceVersion[];
  /** The latest version's content; undefined once deleted. */
  current?: FhirResource;
  /** Insertion order, the default (stable) order of search results. */
  seq: number;
}

/** A change the server asks the store to make; the store stamps `meta.versionId` and `meta.lastUpdated`. */
export type StoreWrite =
  | { kind: "create"; resource: FhirResource & { id: string } }
  | { kind: "update"; resource: FhirResource & { id: string } }
  | { kind: "delete"; type: string; id: string };

/** The shape of a change in the persisted log (what survives reloads and redirects). */
type LoggedChange =
  | { op: "put"; method: "POST" | "PUT"; resource: FhirResource }
  | { op: "delete"; type: string; id: string; versionId: string; lastUpdated: string };

/** The data behind both FHIR server instances (secured and open), with the indexes search uses. */
export interface FhirStore {
  /** The record of `type/id`, live or deleted. */
  get(type: string, id: string): ResourceRecord | undefined;
  /** Every record of a type in insertion order, deleted ones included (callers skip them). */
  records(type: string): Iterable<ResourceRecord>;
  /** Types that hold at least one record. */
  types(): string[];
  /** Live resources of a type. */
  count(type: string): number;
  /**
   * Live records of `type` whose indexed parameter `code` has `key` (`system|code`, `*|code` for any system,
   * `Type/id` for references); undefined when the parameter is not indexed. Records rather than ids, so that a
   * search walks its candidates without looking each one up.
   */
  lookup(type: string, code: string, key: string): ReadonlySet<ResourceRecord> | undefined;
  /** Live records of `type` in the compartment of Patient `patientId`. */
  compartment(patientId: string, type: string): ReadonlySet<ResourceRecord>;
  /** Ids of `type` whose date parameter `code` starts within [from, to), from a sorted index; undefined when a value is open-ended. */
  dateCandidates(type: string, code: string, from: number, to: number): string[] | undefined;
  /** The widest range one value of the date parameter covers, so callers can widen a bound safely. */
  dateSpan(type: string, code: string): number;
  /**
   * Live records of `type` with a value of string parameter `code` whose normalized text (`normalizeSearchString`)
   * starts with, equals or contains `normalized`, from a sorted index built on first use; undefined when `code` is
   * not a string parameter of `type`.
   */
  stringCandidates(
    type: string,
    code: string,
    normalized: string,
    match: StringMatch,
  ): ReadonlySet<ResourceRecord> | undefined;
  /**
   * `JSON.stringify(resource)`, kept for a stored version (versions never change once stored), so a resource sent
   * again is not walked again.
   */
  resourceJson(resource: FhirResource): string;
  /** Applies writes atomically, persists them to the change log and returns the new versions in order. */
  commit(writes: StoreWrite[]): ResourceVersion[];
  /** A fresh logical id for a create. */
  newId(): string;
  /** Drops every learner change: back to the generated data set. */
  reset(): void;
  /** Grows with every commit and reset, so callers can cache per revision. */
  readonly revision: number;
}

/** How a string index lookup compares: R4's default (starts-with), equal normalized texts, or `:contains`. */
type StringMatch = "starts-with" | "equals" | "contains";

/** What the store is built from. */
export interface FhirStoreDeps {
  storage: KeyValueStorage;
  /** The generated data set; called lazily on first use and again by `reset()`. */
  seed: () => FhirResource[];
  now: () => number;
  /** Id generator for creates; defaults to `crypto.randomUUID()`. */
  createId?: () => string;
  /** Storage key of the change log. */
  storageKey?: string;
}

/** Every normalized text of one string parameter with the record holding it, sorted by text (parallel arrays). */
interface StringIndex {
  texts: string[];
  records: ResourceRecord[];
}

/** Token parameters worth an inverted index: the ones labs filter on. */
const INDEXED_TOKENS = new Set([
  "category",
  "code",
  "status",
  "clinical-status",
  "verification-status",
  "vaccine-code",
  "class",
  "type",
  "intent",
  "gender",
  "identifier",
]);

/**
 * Creates the store: the generated data set in memory plus the learner's changes, which are persisted as a change
 * log (never the whole data set) so loading stays fast and changes survive reloads; `reset()` drops the log.
 * Indexes: by type and id, by patient compartment, by reference and token values, and lazily sorted date and
 * string indexes.
 */
export function createFhirStore(deps: FhirStoreDeps): FhirStore {
  const storageKey = deps.storageKey ?? "fhir-store.changes";
  const createId = deps.createId ?? (() => crypto.randomUUID());
  let byType = new Map<string, Map<string, ResourceRecord>>();
  let live = new Map<string, number>();
  let paramIndex = new Map<string, Map<string, Set<ResourceRecord>>>();
  let compartments = new Map<string, Map<string, Set<ResourceRecord>>>();
  let dateIndexes = new Map<string, { entries: { low: number; id: string }[]; span: number }>();
  let stringIndexes = new Map<string, StringIndex>();
  // Types whose reference/token/compartment indexes are built: built on a type's first query, so a page load that
  // only reads a few types never pays for indexing the rest.
  let indexedTypes = new Set<string>();
  let seq = 0;
  let loaded = false;
  let revision = 0;

  function load(): void {
    byType = new Map();
    live = new Map();
    paramIndex = new Map();
    compartments = new Map();
    dateIndexes = new Map();
    stringIndexes = new Map();
    indexedTypes = new Set();
    seq = 0;
    const seedTime = new Date(deps.now()).toISOString();
    for (const resource of deps.seed()) {
      if (typeof resource.id !== "string") continue;
      const meta = {
        ...resource.meta,
        versionId: resource.meta?.versionId ?? "1",
        lastUpdated: resource.meta?.lastUpdated ?? seedTime,
      };
      const stamped = { ...resource, meta };
      apply(
        { versionId: meta.versionId, lastUpdated: meta.lastUpdated, method: "POST", resource: stamped },
        resource.resourceType,
        resource.id,
      );
    }
    for (const change of readJson<LoggedChange[]>(deps.storage, storageKey, [])) {
      if (change.op === "put" && typeof change.resource.id === "string") {
        const meta = change.resource.meta ?? {};
        apply(
          {
            versionId: meta.versionId ?? "1",
            lastUpdated: meta.lastUpdated ?? seedTime,
            method: change.method,
            resource: change.resource,
          },
          change.resource.resourceType,
          change.resource.id,
        );
      } else if (change.op === "delete") {
        apply(
          { versionId: change.versionId, lastUpdated: change.lastUpdated, method: "DELETE" },
          change.type,
          change.id,
        );
      }
    }
    loaded = true;
  }

  function ensureLoaded(): void {
    if (!loaded) load();
  }

  function apply(version: ResourceVersion, type: string, id: string): void {
    let ofType = byType.get(type);
    if (!ofType) {
      ofType = new Map();
      byType.set(type, ofType);
    }
    let record = ofType.get(id);
    const indexed = indexedTypes.has(type);
    if (record?.current) {
      if (indexed) unindex(record, record.current);
      live.set(type, (live.get(type) ?? 1) - 1);
    }
    if (!record) {
      record = { type, id, versions: [], seq: seq++ };
      ofType.set(id, record);
    }
    record.versions.push(version);
    if (version.resource) {
      record.current = version.resource;
      if (indexed) index(record, version.resource);
      live.set(type, (live.get(type) ?? 0) + 1);
    } else {
      delete record.current;
    }
    // The sorted indexes are rebuilt on their next use rather than kept sorted through every write.
    for (const sorted of [dateIndexes, stringIndexes]) {
      sorted.forEach((_value, key) => {
        if (key.startsWith(`${type}|`)) sorted.delete(key);
      });
    }
  }

  function ensureIndexed(type: string): void {
    if (indexedTypes.has(type)) return;
    indexedTypes.add(type);
    for (const record of byType.get(type)?.values() ?? []) if (record.current) index(record, record.current);
  }

  function indexKeys(resource: FhirResource): string[] {
    const keys: string[] = [];
    for (const definition of SEARCH_PARAMETERS_BY_TYPE[resource.resourceType] ?? []) {
      if (definition.type === "reference") {
        for (const node of evaluateSearchExpression(resource, definition.expression)) {
          const text = referenceTextOf(node.value);
          if (text === undefined) continue;
          const target = parseRelativeReference(text);
          keys.push(`${definition.code}\u0000${target ? `${target.type}/${target.id}` : text}`);
        }
      } else if (definition.type === "token" && INDEXED_TOKENS.has(definition.code)) {
        for (const node of evaluateSearchExpression(resource, definition.expression)) {
          for (const token of tokenValuesOf(node)) {
            keys.push(`${definition.code}\u0000${token.system ?? ""}|${token.code}`);
            keys.push(`${definition.code}\u0000*|${token.code}`);
          }
        }
      }
    }
    return keys;
  }

  function index(record: ResourceRecord, resource: FhirResource): void {
    let ofType = paramIndex.get(resource.resourceType);
    if (!ofType) {
      ofType = new Map();
      paramIndex.set(resource.resourceType, ofType);
    }
    for (const key of indexKeys(resource)) {
      let records = ofType.get(key);
      if (!records) {
        records = new Set();
        ofType.set(key, records);
      }
      records.add(record);
    }
    for (const patient of compartmentPatientsOf(resource)) {
      let ofPatient = compartments.get(patient);
      if (!ofPatient) {
        ofPatient = new Map();
        compartments.set(patient, ofPatient);
      }
      let records = ofPatient.get(resource.resourceType);
      if (!records) {
        records = new Set();
        ofPatient.set(resource.resourceType, records);
      }
      records.add(record);
    }
  }

  function unindex(record: ResourceRecord, resource: FhirResource): void {
    const ofType = paramIndex.get(resource.resourceType);
    for (const key of indexKeys(resource)) ofType?.get(key)?.delete(record);
    for (const patient of compartmentPatientsOf(resource))
      compartments.get(patient)?.get(resource.resourceType)?.delete(record);
  }

  function dateIndex(type: string, code: string): { entries: { low: number; id: string }[]; span: number } | undefined {
    const key = `${type}|${code}`;
    const existing = dateIndexes.get(key);
    if (existing) return existing;
    const definition: SearchParameterDefinition | undefined = searchParameterOf(type, code);
    if (definition?.type !== "date") return undefined;
    const entries: { low: number; id: string }[] = [];
    let span = 0;
    for (const record of byType.get(type)?.values() ?? []) {
      if (!record.current) continue;
      for (const node of evaluateSearchExpression(record.current, definition.expression)) {
        const range: DateRange | undefined = dateRangeOf(node);
        if (!range) continue;
        entries.push({ low: range.low, id: record.id });
        span = Math.max(span, range.high - range.low);
      }
    }
    entries.sort((a, b) => a.low - b.low);
    const built = { entries, span };
    dateIndexes.set(key, built);
    return built;
  }

  function stringIndex(type: string, code: string): StringIndex | undefined {
    const key = `${type}|${code}`;
    const existing = stringIndexes.get(key);
    if (existing) return existing;
    const definition = searchParameterOf(type, code);
    if (definition?.type !== "string") return undefined;
    const entries: { text: string; record: ResourceRecord }[] = [];
    for (const record of byType.get(type)?.values() ?? []) {
      if (!record.current) continue;
      for (const node of evaluateSearchExpression(record.current, definition.expression)) {
        for (const text of stringValuesOf(node.value)) entries.push({ text: normalizeSearchString(text), record });
      }
    }
    entries.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    const built: StringIndex = {
      texts: entries.map((entry) => entry.text),
      records: entries.map((entry) => entry.record),
    };
    stringIndexes.set(key, built);
    return built;
  }

  function persist(changes: LoggedChange[]): void {
    const log = readJson<LoggedChange[]>(deps.storage, storageKey, []);
    log.push(...changes);
    writeJson(deps.storage, storageKey, log);
  }

  const empty: ReadonlySet<ResourceRecord> = new Set();
  // Keyed by the stored object itself: a reset or a new version replaces the object, and its text goes with it.
  const jsonOfStored = new WeakMap<FhirResource, string>();

  function isStored(resource: FhirResource): boolean {
    const record = typeof resource.id === "string" ? byType.get(resource.resourceType)?.get(resource.id) : undefined;
    return (
      record !== undefined && (record.current === resource || record.versions.some((v) => v.resource === resource))
    );
  }

  return {
    get(type, id) {
      ensureLoaded();
      return byType.get(type)?.get(id);
    },
    records(type) {
      ensureLoaded();
      return byType.get(type)?.values() ?? [];
    },
    types() {
      ensureLoaded();
      return [...byType.keys()].filter((type) => (live.get(type) ?? 0) > 0);
    },
    count(type) {
      ensureLoaded();
      return live.get(type) ?? 0;
    },
    resourceJson(resource) {
      const kept = jsonOfStored.get(resource);
      if (kept !== undefined) return kept;
      const text = JSON.stringify(resource);
      if (isStored(resource)) jsonOfStored.set(resource, text);
      return text;
    },
    lookup(type, code, key) {
      ensureLoaded();
      const definition = searchParameterOf(type, code);
      if (!definition) return undefined;
      const indexed = definition.type === "reference" || (definition.type === "token" && INDEXED_TOKENS.has(code));
      if (
        !indexed ||
        !Object.hasOwn(SEARCH_PARAMETERS_BY_TYPE, type) ||
        !SEARCH_PARAMETERS_BY_TYPE[type]?.includes(definition)
      )
        return undefined;
      ensureIndexed(type);
      return paramIndex.get(type)?.get(`${code}\u0000${key}`) ?? empty;
    },
    compartment(patientId, type) {
      ensureLoaded();
      ensureIndexed(type);
      return compartments.get(patientId)?.get(type) ?? empty;
    },
    dateCandidates(type, code, from, to) {
      ensureLoaded();
      const built = dateIndex(type, code);
      if (!built || !Number.isFinite(built.span)) return undefined;
      const { entries } = built;
      let lo = 0;
      let hi = entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((entries[mid]?.low ?? 0) < from) lo = mid + 1;
        else hi = mid;
      }
      const ids: string[] = [];
      for (let i = lo; i < entries.length; i++) {
        const entry = entries[i];
        if (!entry || entry.low >= to) break;
        ids.push(entry.id);
      }
      return ids;
    },
    dateSpan(type, code) {
      ensureLoaded();
      return dateIndex(type, code)?.span ?? Number.POSITIVE_INFINITY;
    },
    stringCandidates(type, code, normalized, match) {
      ensureLoaded();
      const built = stringIndex(type, code);
      if (!built) return undefined;
      const { texts, records } = built;
      const out = new Set<ResourceRecord>();
      if (match === "contains") {
        texts.forEach((text, i) => {
          if (text.includes(normalized)) out.add(records[i] as ResourceRecord);
        });
        return out;
      }
      // Texts that start with (or equal) a string sit together from its lower bound on, in code-unit order.
      let lo = 0;
      let hi = texts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((texts[mid] ?? "") < normalized) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < texts.length; i++) {
        const text = texts[i] as string;
        if (match === "equals" ? text !== normalized : !text.startsWith(normalized)) break;
        out.add(records[i] as ResourceRecord);
      }
      return out;
    },
    commit(writes) {
      ensureLoaded();
      const lastUpdated = new Date(deps.now()).toISOString();
      const versions: ResourceVersion[] = [];
      const logged: LoggedChange[] = [];
      for (const write of writes) {
        const type = write.kind === "delete" ? write.type : write.resource.resourceType;
        const id = write.kind === "delete" ? write.id : write.resource.id;
        const previous = byType.get(type)?.get(id);
        const last = previous?.versions[previous.versions.length - 1];
        const versionId = String(last ? Number(last.versionId) + 1 || previous.versions.length + 1 : 1);
        if (write.kind === "delete") {
          const version: ResourceVersion = { versionId, lastUpdated, method: "DELETE" };
          apply(version, type, id);
          versions.push(version);
          logged.push({ op: "delete", type, id, versionId, lastUpdated });
        } else {
          const method = write.kind === "create" ? "POST" : "PUT";
          const resource: FhirResource = {
            ...write.resource,
            meta: { ...write.resource.meta, versionId, lastUpdated },
          };
          const version: ResourceVersion = { versionId, lastUpdated, method, resource };
          apply(version, type, id);
          versions.push(version);
          logged.push({ op: "put", method, resource });
        }
      }
      persist(logged);
      revision++;
      return versions;
    },
    newId() {
      return createId();
    },
    reset() {
      deps.storage.removeItem(storageKey);
      load();
      revision++;
    },
    get revision() {
      return revision;
    },
  };
}
