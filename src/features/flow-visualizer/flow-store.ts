import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { appStorageKey } from "../../lib/app-storage.ts";
import type { FlowKind } from "./flow-plan.ts";
import type { FlowRecording } from "./flow-recording.ts";

interface FlowStoreState {
  /** One recording per flow kind (the latest). */
  recordings: Partial<Record<FlowKind, FlowRecording>>;
  put(recording: FlowRecording): void;
  clear(kind: FlowKind): void;
}

function isRecording(value: unknown): value is FlowRecording {
  if (typeof value !== "object" || value === null) return false;
  const recording = value as Partial<FlowRecording>;
  return (
    recording.version === 1 &&
    typeof recording.id === "string" &&
    Array.isArray(recording.hops) &&
    Array.isArray(recording.variants)
  );
}

/**
 * The flows of this tab, kept in sessionStorage: they survive the flow's own redirects and a reload, and the
 * codes, verifiers and tokens they hold go when the tab does — like the Timeline, never longer.
 */
export const useFlowStore = create<FlowStoreState>()(
  persist(
    (set) => ({
      recordings: {},
      put: (recording) => set((state) => ({ recordings: { ...state.recordings, [recording.kind]: recording } })),
      clear: (kind) =>
        set((state) => {
          const { [kind]: _gone, ...rest } = state.recordings;
          return { recordings: rest };
        }),
    }),
    {
      name: appStorageKey("flow"),
      version: 1,
      storage: createJSONStorage(() => sessionStorage),
      partialize: ({ recordings }) => ({ recordings }),
      // A recording written by another version of the lab (or by hand) is dropped, not trusted.
      merge: (persisted, current) => {
        const stored = (persisted as { recordings?: Record<string, unknown> } | undefined)?.recordings ?? {};
        const recordings: Partial<Record<FlowKind, FlowRecording>> = {};
        for (const [kind, recording] of Object.entries(stored)) {
          if ((kind === "standalone" || kind === "ehr" || kind === "backend") && isRecording(recording))
            recordings[kind] = recording;
        }
        return { ...current, recordings };
      },
    },
  ),
);

/**
 * The recording a redirect back belongs to: the one whose id starts its `state`, else the one flow waiting for a
 * redirect (so a state changed on the way back still reaches the app, whose state check then refuses it).
 */
export function recordingForCallback(
  recordings: FlowStoreState["recordings"],
  state: string | null,
): FlowRecording | undefined {
  const all = Object.values(recordings).filter((recording): recording is FlowRecording => recording !== undefined);
  const byState = state ? all.find((recording) => state.startsWith(`${recording.id}.`)) : undefined;
  if (byState) return byState;
  const waiting = all.filter(
    (recording) =>
      recording.hops.some((hop) => hop.step === "authorize-request") &&
      !recording.hops.some((hop) => hop.step === "authorize-response"),
  );
  return waiting.length === 1 ? waiting[0] : undefined;
}
