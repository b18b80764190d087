import { appendFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

export type Outputs = ReadonlyArray<readonly [string, string]>;

/**
 * One `name=value` line, or GitHub's multi-line form when the value holds a line break, so a value read
 * from the control file can never add an output of its own.
 */
export function outputLines(name: string, value: string): string {
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  let delimiter = `EOF_${randomBytes(8).toString("hex")}`;
  while (value.includes(delimiter)) delimiter = `EOF_${randomBytes(8).toString("hex")}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Appends the outputs to `$GITHUB_OUTPUT` when it is set, as the pipeline's check script does. */
export function writeGithubOutput(file: string | undefined, outputs: Outputs): void {
  if (file === undefined) return;
  appendFileSync(file, outputs.map(([name, value]) => outputLines(name, value)).join(""));
}
