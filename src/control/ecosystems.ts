import type { RepoConfig } from "../config/schema.js";
import type { ControlFile } from "./schema.js";

/** The breaker key a run without ecosystem jobs is accounted to (as the pipeline's placeholder does): a breaker entry, not an ecosystem. */
export const DEFAULT_ECOSYSTEM = "default";

export interface EcosystemNames {
  known: string[];
  /** The canonical name for what a person typed (case-insensitive, aliases applied), or undefined. */
  resolve(typed: string): string | undefined;
}

/** Known names: the config's list plus every key already present under `circuit_breaker`. */
export function ecosystemNames(config: Pick<RepoConfig, "ecosystems" | "ecosystem_aliases">, control?: ControlFile): EcosystemNames {
  const known = [...config.ecosystems];
  for (const key of Object.keys(control?.circuit_breaker ?? {})) if (!known.includes(key)) known.push(key);
  const byLower = new Map(known.map((name) => [name.toLowerCase(), name]));
  const aliases = new Map(Object.entries(config.ecosystem_aliases).map(([alias, name]) => [alias.toLowerCase(), name]));
  return {
    known,
    resolve(typed) {
      const lower = typed.toLowerCase();
      const aliased = aliases.get(lower);
      if (aliased !== undefined) return byLower.get(aliased.toLowerCase()) ?? aliased;
      return byLower.get(lower);
    },
  };
}
