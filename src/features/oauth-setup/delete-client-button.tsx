import { useId, useRef } from "react";
import type { RegisteredClient } from "../../servers/authorization-server/registered-client.ts";

interface Props {
  client: RegisteredClient;
  pending: boolean;
  onConfirm(): void;
}

/**
 * Delete with a confirmation: the registration goes and every token issued to the app is revoked. A native
 * `<dialog>` traps focus, closes on Escape and returns focus to the button.
 *
 */
export function DeleteClientButton({ client, pending, onConfirm }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  return (
    <>
      <button type="button" className="button" onClick={() => dialog.current?.showModal()} disabled={pending}>
        Delete<span className="visually-hidden"> {client.clientName}</span>
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} aria-describedby={descriptionId} className="dialog">
        <form method="dialog">
          <h2 id={titleId}>Delete {client.clientName}?</h2>
          <p id={descriptionId}>
            The registration of <code>{client.clientId}</code> is removed and every code and token issued to it is
            revoked. An app still using this client id gets <code>invalid_client</code>.
          </p>
          <div className="dialog-actions">
            <button type="submit" value="cancel" className="button">
              Cancel
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                dialog.current?.close();
                onConfirm();
              }}
            >
              Delete app
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
