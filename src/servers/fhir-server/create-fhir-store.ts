import { evaluateSearchExpression } from "../../protocol/fhir/evaluate-search-expression.ts";
import type { DateRange } from "../../protocol/fhir/fhir-date-range.ts";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import {
  dateRangeOf,
  parseRelativeReference,
  referenceTextOf,
  tokenValuesOf,
} from "../../protocol/fhir/match-search-filter.ts";
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

/** Everything the store knows of one logical resource: its versions (oldest first) and the live one. @see https://hl7.org/fhir/R4/http.html#vread */
export interface ResourceRecord {
  type: string;
  id: string;
  versions: ResourceVersion[];
  /** The latest version's content; undefined once deleted. */
  current?: FhirResource;
  /** Insertion order, the default (stable) order of search results. */
  seq: number;
}

/** A change the server asks the store to make; the store stamps `meta.versionId` and `meta.lastUpdated`. @see https://hl7.org/fhir/R4/http.html#update */
export type StoreWrite =
  | { kind: "create"; resource: FhirResource & { id: string } }
  | { kind: "update"; resource: FhirResource & { id: string } }
  | { kind: "delete"; type: string; id: string };

/** The shape of a change in the persisted log (what survives reloads and redirects). */
type LoggedChange =
  | { op: "put"; method: "POST" | "PUT"; resource: FhirResource }
  | { op: "delete"; type: string; id: string; versionId: string; lastUpdated: string };

/** The data behind both FHIR server instances (secured and open), with the indexes search uses. @see https://hl7.org/fhir/R4/http.html */
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
   * Ids of `type` whose indexed parameter `code` has `key` (`system|code`, `*|code` for any system, `Type/id`
   * for references); undefined when the parameter is not indexed.
   */
  lookup(type: string, code: string, key: string): ReadonlySet<string> | undefined;
  /** Ids of `type` in the compartment of Patient `patientId`. */
  compartment(patientId: string, type: string): ReadonlySet<string>;
  /** Ids of `type` whose date parameter `code` starts within [from, to), from a sorted index; undefined when a value is open-ended. */
  dateCandidates(type: string, code: string, from: number, to: number): string[] | undefined;
  /** The widest range one value of the date parameter covers, so callers can widen a bound safely. */
  dateSpan(type: string, code: string): number;
  /** Applies writes atomically, persists them to the change log and returns the new versions in order. */
  commit(writes: StoreWrite[]): ResourceVersion[];
  /** A fresh logical id for a create. */
  newId(): string;
  /** Drops every learner change: back to the generated data set. */
  reset(): void;
  /** Grows with every commit and reset, so callers can cache per revision. */
  readonly revision: number;
}

/** What the store is built from. @see https://hl7.org/fhir/R4/http.html */
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
 * Indexes: by type and id, by patient compartment, by reference and token values, and lazily sorted date indexes.
 * @see https://hl7.org/fhir/R4/http.html
 */
export function createFhirStore(deps: FhirStoreDeps): FhirStore {
  const storageKey = deps.storageKey ?? "fhir-store.changes";
  const createId = deps.createId ?? (() => crypto.randomUUID());
  let byType = new Map<string, Map<string, ResourceRecord>>();
  let live = new Map<string, number>();
  let paramIndex = new Map<string, Map<string, Set<string>>>();
  let compartments = new Map<string, Map<string, Set<string>>>();
  let dateIndexes = new Map<string, { entries: { low: number; id: string }[]; span: number }>();
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
      if (indexed) unindex(record.current);
      live.set(type, (live.get(type) ?? 1) - 1);
    }
    if (!record) {
      record = { type, id, versions: [], seq: seq++ };
      ofType.set(id, record);
    }
    record.versions.push(version);
    if (version.resource) {
      record.current = version.resource;
      if (indexed) index(version.resource);
      live.set(type, (live.get(type) ?? 0) + 1);
    } else {
      delete record.current;
    }
    dateIndexes.forEach((_value, key) => {
      if (key.startsWith(`${type}|`)) dateIndexes.delete(key);
    });
  }

  function ensureIndexed(type: string): void {
    if (indexedTypes.has(type)) return;
    indexedTypes.add(type);
    for (const record of byType.get(type)?.values() ?? []) if (record.current) index(record.current);
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

  function index(resource: FhirResource): void {
    const id = resource.id as string;
    let ofType = paramIndex.get(resource.resourceType);
    if (!ofType) {
      ofType = new Map();
      paramIndex.set(resource.resourceType, ofType);
    }
    for (const key of indexKeys(resource)) {
      let ids = ofType.get(key);
      if (!ids) {
        ids = new Set();
        ofType.set(key, ids);
      }
      ids.add(id);
    }
    for (const patient of compartmentPatientsOf(resource)) {
      let ofPatient = compartments.get(patient);
      if (!ofPatient) {
        ofPatient = new Map();
        compartments.set(patient, ofPatient);
      }
      let ids = ofPatient.get(resource.resourceType);
      if (!ids) {
        ids = new Set();
        ofPatient.set(resource.resourceType, ids);
      }
      ids.add(id);
    }
  }

  function unindex(resource: FhirResource): void {
    const id = resource.id as string;
    const ofType = paramIndex.get(resource.resourceType);
    for (const key of indexKeys(resource)) ofType?.get(key)?.delete(id);
    for (const patient of compartmentPatientsOf(resource))
      compartments.get(patient)?.get(resource.resourceType)?.delete(id);
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

  function persist(changes: LoggedChange[]): void {
    const log = readJson<LoggedChange[]>(deps.storage, storageKey, []);
    log.push(...changes);
    writeJson(deps.storage, storageKey, log);
  }

  const empty: ReadonlySet<string> = new Set();

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
