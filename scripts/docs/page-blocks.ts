/**
 * Which generated tables each capability page carries, and what each holds. A page marks where a table goes
 * with `<!-- generated:config -->` … `<!-- /generated:config -->` (likewise `env` and `commands`); `npm run docs`
 * fills it from the definitions the reference pages use, filtered to the names below.
 *
 * - `config`: keys of `.github/batch-ops.yml` as dotted paths; a section (`budget`) stands for all its keys;
 *   `permissions.<key>` is the role a command's permission key needs.
 * - `env`: environment variables of the app or of the CLI.
 * - `commands`: slash commands by name, every help entry of each. Each command is on exactly one page, the
 *   one the README's command table links.
 */
export interface PageBlocks {
  config?: readonly string[];
  env?: readonly string[];
  commands?: readonly string[];
}

export const PAGE_BLOCKS: Readonly<Record<string, PageBlocks>> = {
  "docs/stop.md": {
    commands: ["stop", "resume", "status", "help"],
    config: ["stop_workflows", "ecosystems", "ecosystem_aliases"],
  },
  "docs/breakers.md": {
    config: ["batch_workflows", "circuit_breaker", "budget", "staleness_hours", "incidents"],
    env: ["BATCH_OPS_SCHEDULE_INTERVAL_SECONDS", "SCHEDULE_TRIGGER_TOKEN"],
    commands: ["breaker", "budget"],
  },
  "docs/rollback.md": {
    commands: ["rollback"],
    config: ["recipes_dir", "rollback", "permissions.rollback"],
  },
  "docs/seeding.md": {
    commands: ["accept", "reject"],
    config: ["seeding", "permissions.accept", "permissions.reject"],
  },
  "docs/security.md": {
    config: ["security"],
  },
  "docs/health-page.md": {
    config: [
      "staleness_hours",
      "batch_workflows",
      "control_file",
      "ecosystems",
      "budget.macos_minutes_per_week",
      "budget.linux_minutes_per_week",
      "budget.sampling_at",
      "budget.disable_noncritical_at",
      "budget.pause_at",
    ],
    env: ["DASHBOARD_TOKEN", "BATCH_OPS_DASHBOARD_CACHE_SECONDS"],
  },
  "docs/catchup.md": {
    env: ["BATCH_OPS_REDELIVERY", "BATCH_OPS_REDELIVERY_LOOKBACK_HOURS", "BATCH_OPS_REDELIVERY_MAX_PER_TICK", "BATCH_OPS_RECONCILE_MAX_RUNS_PER_TICK"],
  },
  "docs/cli.md": {
    env: ["GITHUB_OUTPUT", "CONTROL_FILE", "BATCH_OPS_NOW"],
  },
};

/**
 * Keys and variables documented only on the generated reference pages (`docs/configuration.md`,
 * `docs/environment.md`): they serve the whole app, not one capability. Every other key and variable must be
 * in some block above, so a new one is either placed on its capability's page or listed here, never forgotten.
 */
export const REFERENCE_ONLY = {
  config: [
    "max_commands_per_comment", // how comments are read: docs/control-file.md
    "permissions", // each key is shown with its command, in the commands blocks
  ],
  env: [
    "APP_ID",
    "PRIVATE_KEY",
    "PRIVATE_KEY_PATH",
    "WEBHOOK_SECRET",
    "WEBHOOK_PATH",
    "WEBHOOK_PROXY_URL",
    "PORT",
    "HOST",
    "GHE_HOST",
    "GHE_PROTOCOL",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "REDIS_URL",
    "NODE_ENV",
    "BATCH_OPS_WRITE_SPACING_MS",
    "BATCH_OPS_MEMORY_SAVER",
  ],
} as const;
