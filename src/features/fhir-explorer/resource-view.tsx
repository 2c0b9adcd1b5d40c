import { NarrativeView } from "../../components/narrative-view.tsx";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { narrativeOf } from "./describe-response.ts";

interface Props {
  resource: FhirResource;
  /** Puts the resource in the request builder as a PUT (edit, then send). */
  onEdit(): void;
  /** Puts a DELETE of the resource in the request builder. */
  onPrepareDelete(): void;
}

/**
 * One resource: its identity and version, its narrative (sanitised) and its JSON, with shortcuts to update or
 * delete it through the request builder.
 */
export function ResourceView({ resource, onEdit, onPrepareDelete }: Props) {
  const reference = resource.id ? `${resource.resourceType}/${resource.id}` : resource.resourceType;
  const narrative = narrativeOf(resource);
  const meta = resource.meta;
  return (
    <section className="resource-view" aria-labelledby="resource-view-title">
      <h3 id="resource-view-title">{reference}</h3>
      <dl className="facts">
        <dt>versionId</dt>
        <dd data-testid="version-id">{meta?.versionId ?? "—"}</dd>
        <dt>lastUpdated</dt>
        <dd>{meta?.lastUpdated ?? "—"}</dd>
      </dl>
      {resource.id ? (
        <p className="resource-actions">
          <button type="button" className="button" onClick={onEdit}>
            Edit as PUT
          </button>
          <button type="button" className="button" onClick={onPrepareDelete}>
            Prepare DELETE
          </button>
        </p>
      ) : null}
      {narrative ? (
        <NarrativeView div={narrative.div} status={narrative.status} label={`Narrative of ${reference}`} />
      ) : (
        <p className="hint">This resource has no narrative (text.div).</p>
      )}
      <h4>JSON</h4>
      <pre className="json-view">
        <code>{JSON.stringify(resource, null, 2)}</code>
      </pre>
    </section>
  );
}
