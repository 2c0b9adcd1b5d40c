import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import type { FaultSettings } from "../../servers/authorization-server/fault-settings.ts";
import { FAULT_CATALOG, type FaultDescription } from "./fault-catalog.ts";
import { faultSettingsQuery, setFaultsMutation } from "./oauth-setup-queries.ts";

function FaultSwitch({
  fault,
  checked,
  disabled,
  onChange,
}: {
  fault: FaultDescription;
  checked: boolean;
  disabled: boolean;
  onChange(on: boolean): void;
}) {
  const id = useId();
  // The box follows the click at once (a checkbox that lags its click reads as broken), then the server's answer.
  const [shown, setShown] = useState(checked);
  useEffect(() => setShown(checked), [checked]);
  return (
    <div className="fault-switch">
      <input
        id={id}
        type="checkbox"
        checked={shown}
        disabled={disabled}
        aria-describedby={`${id}-effect`}
        onChange={(event) => {
          setShown(event.target.checked);
          onChange(event.target.checked);
        }}
      />
      <div>
        <label htmlFor={id}>{fault.label}</label>
        <p id={`${id}-effect`} className="form-help">
          {fault.effect}
        </p>
      </div>
    </div>
  );
}

/**
 * The simulated-fault switches, like the SMART launcher's "simulate error" choices: each says which error the app
 * will get and where. They are saved and stay on until switched off (the page's banner says so).
 *
 */
export function FaultSwitches() {
  const queryClient = useQueryClient();
  const faults = useQuery(faultSettingsQuery);
  const setFaults = useMutation(setFaultsMutation(queryClient));
  const legendId = useId();
  if (faults.isPending) return <p role="status">Reading the fault settings…</p>;
  if (faults.isError) {
    return <ErrorAlert>The fault settings could not be read: {faults.error.message}</ErrorAlert>;
  }
  return (
    <fieldset className="fault-switches" aria-labelledby={legendId}>
      <legend id={legendId}>Simulate these errors</legend>
      {FAULT_CATALOG.map((fault) => (
        <FaultSwitch
          key={fault.key}
          fault={fault}
          checked={faults.data[fault.key]}
          disabled={setFaults.isPending}
          onChange={(on) => setFaults.mutate({ [fault.key]: on } as Partial<FaultSettings>)}
        />
      ))}
      {setFaults.isError ? <ErrorAlert>The fault could not be changed: {setFaults.error.message}</ErrorAlert> : null}
    </fieldset>
  );
}
