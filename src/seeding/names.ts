import { z } from "zod";

/**
 * Queue package names as the pipeline writes them: `ripgrep`, `python@3.14`, `owner/tap/formula`.
 * No spaces, backticks or markup, and no `..` segment, so a name is safe in a title, a path and code.
 */
export const PACKAGE_NAME = /^[A-Za-z0-9@+_][A-Za-z0-9@+_./-]{0,199}$/;

/** `<ecosystem>:<identifier>` as in the queue's `source` field: `homebrew:node`, `github:sharkdp/bat`. */
export const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[A-Za-z0-9@+_./:~-]{1,300}$/;

export const packageNameSchema = z
  .string()
  .regex(PACKAGE_NAME, "must be a package name such as ripgrep or python@3.14")
  .refine((n) => !n.split("/").includes(".."), "must not contain a .. segment");

export const sourceSchema = z.string().regex(SOURCE, "must be a source such as homebrew:ripgrep");

/** The ecosystem key of a source: its prefix (`crates.io`, not `cargo`, is what the pipeline writes). */
export function ecosystemOf(source: string): string {
  return source.slice(0, source.indexOf(":"));
}
