/** One step of a session: a numbered `.mdx` file inside the session's folder. */
export interface LabStep {
  /** URL segment, the file name without its number prefix and extension ("what-is-smart"). */
  slug: string;
  /** Position in the session, from the file name's number prefix. */
  order: number;
  title: string;
  /** Key of the file in `import.meta.glob("/labs/*\/*.mdx")`, e.g. "/labs/01-introduction/01-what-is-smart.mdx". */
  file: string;
}

/** One agenda session: a numbered folder of `labs/` with a `session.yaml` and its step files. */
export interface LabSession {
  slug: string;
  order: number;
  title: string;
  /** Start time on the workshop agenda, "HH:MM". */
  time: string;
  /** Planned length in minutes. */
  minutes: number;
  summary: string;
  objectives: string[];
  steps: LabStep[];
}

export type LabCatalog = LabSession[];

/** A break in the day (coffee, lunch), shown in the agenda between the sessions. */
export interface AgendaBreak {
  /** "HH:MM" */
  time: string;
  minutes: number;
  title: string;
}
