import type { ScopeDecisionView } from "../../protocol/fhir/decode-scope-decisions.ts";

/** One resource the query matched (or included), returned or hidden, with the server's reason. */
export interface PlaygroundRow {
  reference: string;
  type: string;
  mode: "match" | "include";
  verdict: "returned" | "hidden";
  reason: string;
  scope: string | null;
}

/** Rows of one type with the same verdict for the same reason (the reason with the resource itself left out). */
interface ReasonCluster {
  verdict: "returned" | "hidden";
  /** The server's sentence, with the resource's own reference replaced by "it". */
  reason: string;
  rows: PlaygroundRow[];
}

/** The rows of one resource type, counted, and clustered by reason. */
export interface PlaygroundGroup {
  type: string;
  returned: number;
  hidden: number;
  rows: PlaygroundRow[];
  clusters: ReasonCluster[];
}

/** What changed for a resource since the previous run. */
export type RowChange = "newly-returned" | "newly-hidden" | "new" | "same";

/** The server's scope report, as rows grouped by resource type (returned first), with the totals. */
export function playgroundRows(view: ScopeDecisionView | null): {
  groups: PlaygroundGroup[];
  returned: number;
  hidden: number;
  truncated: boolean;
} {
  if (!view) return { groups: [], returned: 0, hidden: 0, truncated: false };
  const groups = new Map<string, PlaygroundGroup>();
  for (const row of view.rows) {
    const type = row.reference.split("/")[0] ?? row.reference;
    let group = groups.get(type);
    if (!group) {
      group = { type, returned: 0, hidden: 0, rows: [], clusters: [] };
      groups.set(type, group);
    }
    group.rows.push({ ...row, type });
    if (row.verdict === "returned") group.returned++;
    else group.hidden++;
  }
  for (const group of groups.values()) {
    group.rows.sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === "returned" ? -1 : 1));
    const clusters = new Map<string, ReasonCluster>();
    for (const row of group.rows) {
      const reason = row.reason.split(row.reference).join("it");
      const key = `${row.verdict} ${reason}`;
      const cluster = clusters.get(key) ?? { verdict: row.verdict, reason, rows: [] };
      cluster.rows.push(row);
      clusters.set(key, cluster);
    }
    group.clusters = [...clusters.values()];
  }
  return {
    groups: [...groups.values()],
    returned: view.returned ?? [...groups.values()].reduce((sum, group) => sum + group.returned, 0),
    hidden: view.hidden ?? [...groups.values()].reduce((sum, group) => sum + group.hidden, 0),
    truncated: view.truncated,
  };
}

/** How each row of the new run differs from the previous run (for the "newly shown / newly hidden" highlight). */
export function diffRows(previous: readonly PlaygroundRow[], next: readonly PlaygroundRow[]): Map<string, RowChange> {
  const before = new Map(previous.map((row) => [row.reference, row.verdict]));
  const changes = new Map<string, RowChange>();
  for (const row of next) {
    const was = before.get(row.reference);
    changes.set(
      row.reference,
      was === undefined
        ? "new"
        : was === row.verdict
          ? "same"
          : row.verdict === "returned"
            ? "newly-returned"
            : "newly-hidden",
    );
  }
  return changes;
}
