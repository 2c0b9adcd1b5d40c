import { describe, expect, it } from "vitest";
import { NO_FAULTS } from "../../servers/authorization-server/fault-settings.ts";
import { activeFaults, allFaultsOff, describeActiveFaults, FAULT_CATALOG } from "./fault-catalog.ts";

describe("fault catalog", () => {
  it("explains every fault the server has, once", () => {
    expect(FAULT_CATALOG.map((f) => f.key).sort()).toEqual(Object.keys(NO_FAULTS).sort());
    for (const fault of FAULT_CATALOG) expect(fault.effect.length).toBeGreaterThan(40);
  });

  it("says which faults are on", () => {
    expect(describeActiveFaults(NO_FAULTS)).toBeNull();
    expect(describeActiveFaults({ ...NO_FAULTS, invalidScope: true })).toBe("1 simulated fault is on: Invalid scope.");
    const two = { ...NO_FAULTS, serverError: true, invalidClient: true };
    expect(activeFaults(two).map((f) => f.key)).toEqual(["invalidClient", "serverError"]);
    expect(describeActiveFaults(two)).toBe("2 simulated faults are on: Invalid client, Server error.");
  });

  it("turns everything off", () => {
    expect(allFaultsOff()).toEqual(NO_FAULTS);
  });
});
