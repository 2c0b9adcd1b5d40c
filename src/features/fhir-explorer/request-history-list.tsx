import type { ExplorerExchange } from "./send-explorer-request.ts";

interface Props {
  exchanges: readonly ExplorerExchange[];
  selectedId: number | null;
  onSelect(id: number): void;
  onClear(): void;
}

/** The requests sent from this page (newest first, kept in memory only); choosing one shows its response again. */
export function RequestHistoryList({ exchanges, selectedId, onSelect, onClear }: Props) {
  if (exchanges.length === 0) return <p className="hint">Nothing sent yet.</p>;
  return (
    <>
      <ol className="explorer-history">
        {exchanges.map((exchange) => (
          <li key={exchange.id}>
            <button
              type="button"
              className="link-button"
              aria-current={exchange.id === selectedId ? "true" : undefined}
              onClick={() => onSelect(exchange.id)}
            >
              #{exchange.id} {exchange.sent.method} {exchange.request.mode === "open" ? "open/" : ""}
              {exchange.request.path || "(base)"} → {exchange.response.status}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="button" onClick={onClear}>
        Clear history
      </button>
    </>
  );
}
