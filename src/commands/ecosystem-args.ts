import type { EcosystemNames } from "../control/ecosystems.js";

export type EcosystemSplit = { ecosystems: string[]; rest: string[] } | { unknown: string };

/**
 * `/stop homebrew npm upstream outage`: leading tokens that name ecosystems (commas allowed), then the
 * reason. The first token must be an ecosystem, so a typo is refused rather than read as a reason.
 */
export function splitEcosystems(tokens: readonly string[], names: EcosystemNames): EcosystemSplit {
  const ecosystems: string[] = [];
  let index = 0;
  for (; index < tokens.length; index++) {
    const parts = tokens[index]!.split(",").filter((p) => p !== "");
    const resolved = parts.map((p) => names.resolve(p));
    if (resolved.some((r) => r === undefined)) {
      if (index === 0 || parts.length > 1) return { unknown: parts.find((_, i) => resolved[i] === undefined)! };
      break;
    }
    for (const eco of resolved as string[]) if (!ecosystems.includes(eco)) ecosystems.push(eco);
  }
  return { ecosystems, rest: tokens.slice(index) };
}
