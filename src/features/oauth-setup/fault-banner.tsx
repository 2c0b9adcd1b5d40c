import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { allFaultsOff, describeActiveFaults } from "./fault-catalog.ts";
import { faultSettingsQuery, setFaultsMutation } from "./oauth-setup-queries.ts";

/**
 * A banner while any simulated fault is on (they persist across reloads, so a forgotten one would make every launch
 * fail for no visible reason), with a button that turns them all off.
 *
 */
export function FaultBanner({ faultsSectionId }: { faultsSectionId: string }) {
  const queryClient = useQueryClient();
  const faults = useQuery(faultSettingsQuery);
  const setFaults = useMutation(setFaultsMutation(queryClient));
  const [cleared, setCleared] = useState(false);
  const clearedMessage = useRef<HTMLParagraphElement>(null);
  const sentence = faults.data ? describeActiveFaults(faults.data) : null;
  // The button that had focus disappears with the banner: focus goes to the sentence that replaced it.
  useEffect(() => {
    if (cleared) clearedMessage.current?.focus();
  }, [cleared]);
  useEffect(() => {
    if (sentence) setCleared(false);
  }, [sentence]);
  return (
    <div role="status" className="fault-banner-region">
      {sentence ? (
        <div className="callout callout-warning fault-banner" data-testid="fault-banner">
          <p className="callout-title">{sentence}</p>
          <p>
            Apps launched now will fail on purpose until you turn the faults off (see{" "}
            <a href={`#${faultsSectionId}`}>Simulated faults</a>).
          </p>
          <p>
            <button
              type="button"
              className="button"
              disabled={setFaults.isPending}
              onClick={() => setFaults.mutate(allFaultsOff(), { onSuccess: () => setCleared(true) })}
            >
              Turn all faults off
            </button>
          </p>
        </div>
      ) : cleared ? (
        <p ref={clearedMessage} tabIndex={-1}>
          All simulated faults are off: launches behave normally again.
        </p>
      ) : null}
    </div>
  );
}
