import { useRef } from "react";

interface Props {
  onConfirm(): void;
}

/**
 * "Reset lab" with a confirmation: it erases the learner's progress, registered apps and data changes, so it asks
 * first. A native `<dialog>` gives focus trapping and Escape for free.
 */
export function ResetLabButton({ onConfirm }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className="button" onClick={() => dialog.current?.showModal()}>
        Reset lab
      </button>
      <dialog ref={dialog} aria-labelledby="reset-title" aria-describedby="reset-description" className="dialog">
        <form method="dialog">
          <h2 id="reset-title">Reset the lab?</h2>
          <p id="reset-description">
            This clears everything this lab saved in your browser: your progress, display settings, registered apps,
            tokens and the changes you made to the FHIR data. Other sites are not affected.
          </p>
          <div className="dialog-actions">
            <button type="submit" value="cancel" className="button">
              Cancel
            </button>
            <button type="button" className="button button-danger" onClick={onConfirm}>
              Reset everything
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
