import { absoluteTime, escapeHtml, htmlPage, safeLink, timeWithAge, type HtmlPage } from "./html.js";
import { percent } from "../control/budget-use.js";
import type { BreakerRow, BudgetLevel, PipelineHealth } from "./pipeline-health.js";
import type { RunInfo } from "./run-history.js";
import { humanDuration } from "../util/time.js";

export const REFRESH_SECONDS = 60;

function tag(kind: "ok" | "warn" | "bad" | "muted", text: string): string {
  return `<span class="tag ${kind}">${escapeHtml(text)}</span>`;
}

function orDash(text: string): string {
  return text === "" ? "—" : escapeHtml(text);
}

function breakerState(row: BreakerRow): string {
  if (row.state === "open" && row.due_for_half_open) return tag("warn", "open — due for half-open");
  if (row.state === "open") return tag("bad", "open");
  if (row.state === "half-open") return tag("warn", "half-open");
  return tag("ok", row.recorded ? "closed" : "closed (no record)");
}

function recovery(row: BreakerRow, now: Date): string {
  if (row.state === "open" && row.due_for_half_open) {
    return row.opens_at ? `due now: <code>opens_at</code> passed ${timeWithAge(row.opens_at, now)}` : "due now (no <code>opens_at</code>)";
  }
  if (row.ms_to_recovery !== undefined) {
    const at = row.opens_at ? ` <span class="abs">(at ${absoluteTime(new Date(row.opens_at))})</span>` : "";
    return `half-open in ${escapeHtml(humanDuration(row.ms_to_recovery))}${at}`;
  }
  if (row.state === "half-open") return "next success closes it";
  return "—";
}

function breakerTable(health: PipelineHealth, now: Date): string {
  const rows = health.breakers.map((row) => {
    const name = `${escapeHtml(row.ecosystem)}${row.disabled ? ` ${tag("bad", "disabled")}` : ""}`;
    return `<tr><th scope="row">${name}</th><td>${breakerState(row)}</td><td class="num">${row.failures}</td><td>${timeWithAge(row.last_failure, now)}</td><td>${recovery(row, now)}</td></tr>`;
  });
  const open = health.breakers.filter((b) => b.state === "open").length;
  return [
    '<section class="wide" aria-labelledby="breakers-h">',
    '<h2 id="breakers-h">Circuit breakers</h2>',
    '<div class="scroll"><table id="breakers">',
    `<caption>${health.breakers.length} ecosystems, ${open} open</caption>`,
    '<thead><tr><th scope="col">Ecosystem</th><th scope="col">State</th><th scope="col">Failures</th><th scope="col">Last failure</th><th scope="col">Recovery</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody>`,
    "</table></div>",
    "</section>",
  ].join("\n");
}

function stopSection(health: PipelineHealth, now: Date): string {
  const stop = health.stop;
  const lines = ['<section aria-labelledby="stop-h">', '<h2 id="stop-h">Stop state</h2>'];
  if (stop.enabled) {
    lines.push(`<p id="stop-state">${tag("ok", "Batch processing enabled")}</p>`);
  } else {
    lines.push(`<p id="stop-state">${tag("bad", "Batch processing STOPPED")}</p>`);
    lines.push("<dl>");
    lines.push(`<dt>Why</dt><dd>${orDash(stop.reason)}</dd>`);
    lines.push(`<dt>Who</dt><dd>${orDash(stop.disabled_by)}</dd>`);
    lines.push(`<dt>When</dt><dd>${stop.disabled_at === "" ? "—" : timeWithAge(stop.disabled_at, now)}</dd>`);
    lines.push(`<dt>Expected resume</dt><dd>${stop.expected_resume === "" ? "—" : timeWithAge(stop.expected_resume, now)}</dd>`);
    if (stop.incident_url !== "") lines.push(`<dt>Incident</dt><dd>${safeLink(stop.incident_url, stop.incident_url)}</dd>`);
    lines.push("</dl>");
  }
  const disabled = stop.disabled_ecosystems;
  lines.push(
    `<p><strong>Disabled ecosystems:</strong> ${disabled.length === 0 ? tag("ok", "none") : disabled.map((e) => tag("bad", e)).join(" ")}</p>`,
  );
  lines.push("</section>");
  return lines.join("\n");
}

const LEVEL_TEXT: Record<BudgetLevel, { kind: "ok" | "warn" | "bad"; text: string }> = {
  ok: { kind: "ok", text: "within budget" },
  sampling: { kind: "warn", text: "sampling threshold reached" },
  noncritical_disabled: { kind: "bad", text: "non-critical threshold reached" },
  paused: { kind: "bad", text: "pause threshold reached" },
};

function budgetBar(
  name: string,
  id: string,
  used: { used_minutes: number; limit_minutes: number; fraction: number },
  t: PipelineHealth["budget"]["thresholds"],
): string {
  const level = used.fraction >= t.pause_at ? "bad" : used.fraction >= t.sampling_at ? "warn" : "ok";
  const label = level === "ok" ? "ok" : level === "warn" ? "high" : "over";
  return [
    '<div class="budget">',
    `<p><label for="${id}"><strong>${escapeHtml(name)}</strong></label>: ${used.used_minutes} of ${used.limit_minutes} min (${percent(used.fraction)}) ${tag(level, label)}</p>`,
    `<meter id="${id}" min="0" max="${Math.max(1, used.fraction)}" low="${t.sampling_at}" high="${t.disable_noncritical_at}" optimum="0" value="${used.fraction}">${percent(used.fraction)}</meter>`,
    "</div>",
  ].join("\n");
}

function budgetSection(health: PipelineHealth, now: Date): string {
  const b = health.budget;
  const level = LEVEL_TEXT[b.level];
  return [
    '<section aria-labelledby="budget-h">',
    '<h2 id="budget-h">Budget this week</h2>',
    budgetBar("macOS", "budget-macos", b.macos, b.thresholds),
    budgetBar("Linux", "budget-linux", b.linux, b.thresholds),
    "<dl>",
    `<dt>Overall</dt><dd>${percent(b.use)} ${tag(level.kind, level.text)}</dd>`,
    `<dt>Sampling</dt><dd>${b.sampling_active ? tag("warn", "on") : tag("ok", "off")}</dd>`,
    `<dt>Week</dt><dd>${b.week_start === "" ? "not started" : `from ${escapeHtml(b.week_start)}`}</dd>`,
    `<dt>Resets</dt><dd>${b.resets_at ? timeWithAge(b.resets_at, now) : "—"}</dd>`,
    `<dt>Thresholds</dt><dd>sampling ${percent(b.thresholds.sampling_at)}, non-critical off ${percent(b.thresholds.disable_noncritical_at)}, pause ${percent(b.thresholds.pause_at)}</dd>`,
    "</dl>",
    "</section>",
  ].join("\n");
}

function runCell(run: RunInfo | null, now: Date): string {
  if (!run) return tag("muted", "none found");
  const parts = [timeWithAge(run.timestamp, now)];
  if (run.conclusion !== undefined) parts.push(tag(run.conclusion === "success" ? "ok" : "bad", run.conclusion));
  else if (run.recipes_merged !== undefined) parts.push(tag("ok", `${run.recipes_merged} merged`));
  parts.push(run.url ? safeLink(run.url, run.batch_id) : escapeHtml(run.batch_id));
  return parts.join(" · ");
}

function runsSection(health: PipelineHealth, now: Date): string {
  const r = health.runs;
  const since = `${r.runs_since_last_success}${r.runs_since_last_success_is_lower_bound ? "+" : ""}`;
  const sinceTag = r.runs_since_last_success === 0 ? tag("ok", since) : tag(r.runs_since_last_success >= 3 ? "bad" : "warn", since);
  return [
    '<section aria-labelledby="runs-h">',
    '<h2 id="runs-h">Batch runs</h2>',
    '<div class="scroll"><table id="runs">',
    `<caption>Completed runs of ${r.workflows.map((w) => `<code>${escapeHtml(w)}</code>`).join(", ") || "no workflow"}</caption>`,
    "<tbody>",
    `<tr><th scope="row">Last completed run</th><td>${runCell(r.last_run, now)}</td></tr>`,
    `<tr><th scope="row">Last successful run</th><td>${runCell(r.last_successful_run, now)}</td></tr>`,
    `<tr><th scope="row">Runs since last success</th><td>${sinceTag}</td></tr>`,
    "</tbody></table></div>",
    "</section>",
  ].join("\n");
}

function issuesSection(health: PipelineHealth): string {
  const rows = health.issues.map((issue) => {
    const count =
      issue.open === undefined ? tag("muted", "unknown") : tag(issue.open === 0 ? "ok" : "warn", `${issue.open}${issue.capped ? "+" : ""} open`);
    return `<tr><th scope="row">${escapeHtml(issue.title)}</th><td><code>${escapeHtml(issue.label)}</code></td><td>${count}</td><td>${safeLink(issue.url, "list")}</td></tr>`;
  });
  return [
    '<section aria-labelledby="issues-h">',
    '<h2 id="issues-h">Open issues</h2>',
    '<div class="scroll"><table id="issues">',
    '<thead><tr><th scope="col">Kind</th><th scope="col">Label</th><th scope="col">Open</th><th scope="col">Link</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody>`,
    "</table></div>",
    "</section>",
  ].join("\n");
}

function banners(health: PipelineHealth, now: Date): string {
  const out: string[] = [];
  const s = health.staleness;
  if (s.stale) {
    const last = health.runs.last_run;
    const detail = last
      ? `the last completed batch run finished ${timeWithAge(last.timestamp, now)}`
      : `no completed run of ${health.runs.workflows.map(escapeHtml).join(", ") || "any batch workflow"} was found`;
    const expected = s.stopped ? " Batch processing is stopped, so this is expected." : "";
    out.push(
      `<div class="banner warn" role="alert" id="stale-banner"><strong>⚠ Stale:</strong> no batch has run in more than ${s.threshold_hours} hours: ${detail}.${expected}</div>`,
    );
  }
  if (!health.stop.enabled)
    out.push(`<div class="banner bad" role="status"><strong>■ Stopped:</strong> batch processing is disabled (${orDash(health.stop.reason)}).</div>`);
  if (health.problems.length > 0) {
    out.push(
      `<div class="banner bad" role="status" id="problems"><strong>✖ Not everything could be read:</strong><ul>${health.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul></div>`,
    );
  }
  return out.join("\n");
}

/** The health panel for one repository: server-rendered, no script, refreshes itself every minute. */
export function renderHealthPage(health: PipelineHealth, options: { now: Date; query?: string }): HtmlPage {
  const query = options.query ?? "";
  const header = [
    `<p class="meta"><a href="../../${escapeHtml(query)}">All pipelines</a></p>`,
    `<h1>Pipeline health: ${safeLink(health.html_url, health.repository)}</h1>`,
    `<p class="meta">Shown at ${timeWithAge(health.generated_at, options.now)} · data read ${timeWithAge(health.data_fetched_at, options.now)} · refreshes every ${REFRESH_SECONDS} s · ` +
      `<a href="health.json${escapeHtml(query)}">JSON</a> · control file ${safeLink(health.control_file.url, health.control_file.path)}${health.control_file.exists ? "" : " (missing: runbook defaults shown)"}</p>`,
  ].join("\n");
  const main = [
    banners(health, options.now),
    stopSection(health, options.now),
    runsSection(health, options.now),
    breakerTable(health, options.now),
    budgetSection(health, options.now),
    issuesSection(health),
  ].join("\n");
  return htmlPage({
    title: `${health.repository} · pipeline health`,
    header,
    main,
    footer: `batch-ops · staleness threshold ${health.staleness.threshold_hours} h · runs since the last success count completed workflow runs after the last run that concluded <code>success</code>`,
    refreshSeconds: REFRESH_SECONDS,
  });
}
