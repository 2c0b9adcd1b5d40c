import { useEffect, useRef } from "react";
import { PRESENTER_KEYS } from "./presenter-keys.ts";
import "./presenter-overlay.css";

/** The blanked screen and the keys' help of presenter mode. */
export function PresenterOverlay({ blank, help, onCloseHelp }: { blank: boolean; help: boolean; onCloseHelp(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (help && !element.open) element.showModal();
    if (!help && element.open) element.close();
  }, [help]);
  return (
    <>
      {blank ? (
        <div className="presenter-blank" role="status">
          <span className="visually-hidden">The screen is blanked. Press B to show it again.</span>
        </div>
      ) : null}
      <dialog ref={dialog} className="dialog" aria-labelledby="presenter-keys-title" onClose={onCloseHelp}>
        <h2 id="presenter-keys-title">Presenter keys</h2>
        <table className="claims-table">
          <caption className="visually-hidden">Keys of presenter mode</caption>
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">What they do</th>
            </tr>
          </thead>
          <tbody>
            {PRESENTER_KEYS.map((row) => (
              <tr key={row.keys}>
                <th scope="row">{row.keys}</th>
                <td>{row.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="form-help">
          A focused visualizer steps itself on the same keys first. The presenter view (a second window) shows the
          speaker notes and follows this window.
        </p>
        <form method="dialog">
          <button type="submit" className="button button-primary">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
