import type { JobFacts, RunFacts } from "./jobs.js";
import type { Breaker } from "../control/schema.js";
import type { RepoRef } from "../core/github.js";
import { count, takeWithin } from "../util/bounded-list.js";
import { escapeMarkdown } from "../util/sanitize.js";
import { utcStamp } from "../util/time.js";
import { breakerTable } from "./breaker-table.js";

/** What an incident body about one batch run shows; everything is live data passed in. */
export interface RunIncidentFacts {
  repo: RepoRef;
  run: RunFacts;
  failing: string[];
  /** Ecosystems with an outcome in the run. */
  total: number;
  breakers: Record<string, Breaker>;
  failingJobs: ReadonlyMap<string, readonly JobFacts[]>;
  now: Date;
}

function box(checked: boolean): string {
  return checked ? "[x]" : "[ ]";
}

/** Ecosystems named in lists and given job links: a run may report any number of them. */
const NAMES_CHARS = 3_000;
const JOB_LINK_ECOSYSTEMS = 30;

/** Markdown items (already escaped) as a comma-separated list, as many as fit, then how many more. */
function nameList(items: readonly string[]): string {
  const { shown, more } = takeWithin(items, NAMES_CHARS, { separator: ", " });
  return `${shown.join(", ")}${more > 0 ? `, … and ${count(more)} more` : ""}`;
}

function jobLinks(facts: RunIncidentFacts, ecosystems: readonly string[]): string[] {
  const lines: string[] = [];
  if (ecosystems.length > JOB_LINK_ECOSYSTEMS) {
    lines.push(`  - (the first ${JOB_LINK_ECOSYSTEMS} of ${count(ecosystems.length)}; the run page lists every job)`);
  }
  for (const ecosystem of ecosystems.slice(0, JOB_LINK_ECOSYSTEMS)) {
    const jobs = facts.failingJobs.get(ecosystem) ?? [];
    const links = jobs.slice(0, 10).map((job) => `[${escapeMarkdown(job.name)}](${job.url}) (${job.conclusion ?? "?"})`);
    lines.push(`  - ${escapeMarkdown(ecosystem)}: ${links.length > 0 ? links.join(", ") : "no failing job listed"}`);
  }
  return lines;
}

/** Runbook §1 "Batch Success Rate Drop": the decision tree and investigation steps, filled in. */
export function investigationSection(facts: RunIncidentFacts, focus: readonly string[]): string {
  const { repo, run } = facts;
  const tripped = Object.entries(facts.breakers)
    .filter(([, b]) => b.state !== "closed")
    .map(([eco]) => eco);
  const withFailures = Object.entries(facts.breakers).filter(([, b]) => b.failures > 0);
  const single = facts.failing.length === 1;
  const all = facts.total > 0 && facts.failing.length === facts.total;
  const workflows = `${repo.htmlUrl}/actions/workflows/${encodeURIComponent(run.workflowFile)}`;
  return [
    "### Decision tree (runbook §1)",
    "",
    `- ${box(single)} Single ecosystem affected: check ecosystem-specific issues first`,
    `- ${box(all && facts.failing.length > 1)} All ecosystems affected: check infrastructure (GitHub Actions, network)`,
    `- [ ] During deployment window: likely a deployment issue (check [recent workflow changes](${repo.htmlUrl}/commits/${encodeURIComponent(repo.defaultBranch)}/.github/workflows))`,
    `- ${box(tripped.length > 0)} Circuit breaker already tripped: automatic recovery in progress, monitor${tripped.length > 0 ? ` (${nameList(tripped.map(escapeMarkdown))})` : ""}`,
    "",
    "### Investigation steps",
    "",
    `1. Ecosystems with failures (\`jq '.circuit_breaker | to_entries | map(select(.value.failures > 0))' batch-control.json\`): ${withFailures.length === 0 ? "none" : nameList(withFailures.map(([eco, b]) => `${escapeMarkdown(eco)} (${b.failures})`))}.`,
    "2. Breaker state per ecosystem, as `check_breaker.sh` would decide now:",
    "",
    breakerTable(facts.breakers, facts.now, focus),
    "",
    `3. Recent runs: [${escapeMarkdown(run.workflowFile)}](${workflows}); this run: ${run.url} (attempt ${run.attempt}, ${run.conclusion ?? "no conclusion"}, completed ${run.completedAt}). Failing jobs:`,
    ...jobLinks(facts, focus),
    "4. If network errors dominate, check the upstream API status pages of the failing ecosystems.",
    `5. If validation errors dominate, check recent CI changes: [.github/workflows history](${repo.htmlUrl}/commits/${encodeURIComponent(repo.defaultBranch)}/.github/workflows).`,
    "",
    `_Updated ${utcStamp(facts.now)} by batch-ops._`,
  ].join("\n");
}

export function highTitle(failing: number, total: number): string {
  return `Batch incident (High): ${failing} of ${total} ecosystems failing`;
}

/** High: more than half of a run's ecosystems failing. */
export function highBody(facts: RunIncidentFacts, stop: { autoStop: boolean }): string {
  return [
    `**Severity: High** (runbook: batch affecting >50% of recipes; respond within 4 hours).`,
    "",
    `${facts.failing.length} of ${facts.total} ecosystems failed in run ${facts.run.url}: ${nameList(facts.failing.map(escapeMarkdown))}.`,
    "",
    stop.autoStop
      ? "Escalation: batch processing is being stopped by batch-ops (`incidents.auto_stop_on_high`), as `/stop all` would. Resume with `/resume all <summary>` once resolved."
      : "Escalation (runbook): disable batch processing entirely and investigate: `/stop all <reason>`. (`incidents.auto_stop_on_high` is off.)",
    "",
    investigationSection(facts, facts.failing),
  ].join("\n");
}

export function mediumTitle(ecosystem: string): string {
  return `Circuit breaker open: ${ecosystem}`;
}

/** Medium: one ecosystem degraded, its breaker open. */
export function mediumBody(facts: RunIncidentFacts, ecosystem: string): string {
  const breaker = facts.breakers[ecosystem];
  return [
    `**Severity: Medium** (runbook: single ecosystem degraded; respond within 24 hours).`,
    "",
    `The **${escapeMarkdown(ecosystem)}** circuit breaker is ${breaker ? `\`${breaker.state}\` after ${breaker.failures} failures${breaker.opens_at ? `; it moves to half-open at ${escapeMarkdown(breaker.opens_at)} and the next success closes it` : ""}` : "open"}. Last run: ${facts.run.url}.`,
    "",
    "Resolution (runbook): transient failures recover on their own; for persistent failures disable the ecosystem with " +
      `\`/stop ${escapeMarkdown(ecosystem)} <reason>\` and investigate. \`/breaker reset ${escapeMarkdown(ecosystem)}\` closes the breaker by hand.`,
    "",
    investigationSection(facts, [ecosystem]),
  ].join("\n");
}
