import { useStore } from "zustand";
import { ErrorBoundary } from "../../components/error-boundary.tsx";
import { HttpExchangeView } from "../../components/http-exchange-view.tsx";
import type { LoggedTraceEvent } from "../../lib/logged-trace-event.ts";
import { traceLog } from "../../lib/trace-log.ts";
import "./timeline-panel.css";

function time(at: number) {
  return new Date(at).toLocaleTimeString([], { hour12: false });
}

/** The body of one event, chosen by its kind (the trace contract's discriminant), never by guessing a shape. */
function EventDetail({ event }: { event: LoggedTraceEvent }) {
  switch (event.kind) {
    case "http.exchange":
      return (
        <HttpExchangeView
          request={event.detail.request}
          response={event.detail.response}
          secrets={event.detail.secrets}
          copyable
        />
      );
    case "search.filtered": {
      const report = event.detail;
      return (
        <p>
          Scopes <code>{report.scopes}</code>: {report.returned} returned
          {report.hidden === undefined ? "" : `, ${report.hidden} hidden`}.
        </p>
      );
    }
    default:
      return event.detail === undefined ? null : (
        <pre>
          <code>{JSON.stringify(event.detail, null, 2)}</code>
        </pre>
      );
  }
}

/** Every exchange between the lab's apps and its mock servers, newest last; survives the redirects of a flow. */
export function TimelinePanel({ onClose }: { onClose(): void }) {
  const events = useStore(traceLog, (s) => s.events);
  const clear = useStore(traceLog, (s) => s.clear);
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <header className="timeline-header">
        <h2 id="timeline-title">Timeline</h2>
        <p className="timeline-count">{events.length} events</p>
        <button type="button" className="button" onClick={clear} disabled={events.length === 0}>
          Clear
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </header>
      {events.length === 0 ? (
        <p>Nothing yet. Requests to the lab's FHIR and authorization servers appear here as they happen.</p>
      ) : (
        <ol className="timeline-events">
          {events.map((event) => (
            <li key={event.seq} className={`timeline-event timeline-${event.server}`}>
              <details>
                <summary>
                  <span className="timeline-time">{time(event.at)}</span>{" "}
                  <span className="timeline-server">{event.server === "fhir" ? "FHIR" : "Auth"}</span> {event.summary}
                </summary>
                <ErrorBoundary what="This event">
                  <EventDetail event={event} />
                </ErrorBoundary>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
