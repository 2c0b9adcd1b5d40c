import { useStore } from "zustand";
import { HttpExchangeView } from "../../components/http-exchange-view.tsx";
import type { HttpExchangeDetail } from "../../lib/http-trace.ts";
import { type LoggedTraceEvent, traceLog } from "../../lib/trace-log.ts";

function isExchange(event: LoggedTraceEvent): event is LoggedTraceEvent & { detail: HttpExchangeDetail } {
  return event.kind === "http.exchange" && typeof event.detail === "object" && event.detail !== null;
}

function time(at: number) {
  return new Date(at).toLocaleTimeString([], { hour12: false });
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
                {isExchange(event) ? (
                  <HttpExchangeView request={event.detail.request} response={event.detail.response} />
                ) : (
                  <pre>
                    <code>{JSON.stringify(event.detail ?? null, null, 2)}</code>
                  </pre>
                )}
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
