import type { RepoConfig } from "../config/schema.js";
import { DEFAULT_ECOSYSTEM, ecosystemNames, type EcosystemNames } from "../control/ecosystems.js";
import { refuse, type EditOutcome } from "../control/edit.js";
import type { ControlFile } from "../control/schema.js";
import { inlineCode, sanitizeReason } from "../util/sanitize.js";

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

/**
 * The ecosystems a `/stop` or `/resume` names, resolved against the file being edited, and the rest of
 * the line as the reason. With `reasonApart` (the CLI's `--reason`) every token must be an ecosystem.
 */
export function ecosystemsOrRefusal(
  tokens: readonly string[],
  config: Pick<RepoConfig, "ecosystems" | "ecosystem_aliases">,
  current: ControlFile,
  reasonApart: string | undefined,
  options: { refuseFallback?: boolean } = {},
): { ecosystems: string[]; reason: string } | { refusal: EditOutcome } {
  const names = ecosystemNames(config, current);
  // `default` is a breaker key (the fallback for runs whose jobs name no ecosystem), not an ecosystem a batch processes.
  const fallback = (name: string) => options.refuseFallback === true && name === DEFAULT_ECOSYSTEM && !config.ecosystems.includes(name);
  const known = names.known.filter((name) => !fallback(name));
  const split = splitEcosystems(tokens, names);
  const unknown = "unknown" in split ? split.unknown : reasonApart !== undefined ? split.rest[0] : undefined;
  if (unknown !== undefined || "unknown" in split) {
    return { refusal: refuse(`Unknown ecosystem ${inlineCode(unknown ?? "", 64)}. Known: ${known.join(", ")}`) };
  }
  if (split.ecosystems.some(fallback)) {
    return {
      refusal: refuse(
        `\`${DEFAULT_ECOSYSTEM}\` is the circuit breaker's fallback entry (for runs whose jobs name no ecosystem), not an ecosystem: it cannot be disabled. Name ecosystems (${known.join(", ")}), or stop everything with \`all\``,
      ),
    };
  }
  return { ecosystems: split.ecosystems, reason: sanitizeReason(reasonApart ?? split.rest.join(" ")) };
}
