import type { ControlFile } from "./schema.js";

/** What a pure edit of the control file decided. `changed: false` means: commit nothing. */
export type EditOutcome =
  { changed: false; note: string; refused?: boolean } | { changed: true; next: ControlFile; subject: string; body: string[]; note: string };

/** An edit that cannot apply to this file (an unknown ecosystem, say): nothing is written. */
export function refuse(note: string): EditOutcome {
  return { changed: false, note, refused: true };
}

/** A pure change to the control file, applied again on every compare-and-swap retry. */
export type ControlEdit = (current: ControlFile, now: Date) => EditOutcome;

/** A deep copy that keeps key order, so edits never touch the object a caller still holds. */
export function cloneControl(control: ControlFile): ControlFile {
  return structuredClone(control);
}
