import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMON_OPTIONS } from "../../src/cli/command.js";
import { cliEnvSchema } from "../../src/cli/env.js";
import { EXIT_STATUS_HELP } from "../../src/app/cli/help.js";
import { cliCommands } from "../../src/app/cli/registry.js";
import { requiredLevel } from "../../src/commands/help.js";
import { allCommands } from "../../src/app/command-registry.js";
import { repoConfigSchema, type RepoConfig } from "../../src/config/schema.js";
import { envSchema } from "../../src/config/env.js";
import { renderCommandsPage } from "./commands-page.js";
import { renderConfigurationPage } from "./configuration-page.js";
import { renderEnvironmentPage } from "./environment-page.js";
import { effectiveDefaults, inputJsonSchema, undocumentedKeys, type JsonSchema } from "./json-schema.js";
import { renderPerformancePage } from "./performance-page.js";
import { replaceBlocks } from "./blocks.js";
import { checkPlacement, commandPage, indexSources, renderPageBlocks } from "./capability-blocks.js";
import { PAGE_BLOCKS, REFERENCE_ONLY } from "./page-blocks.js";
import { README_COMMANDS_BLOCK, renderReadmeCommands } from "./readme-commands.js";

/** One generated file: its path from the repository root and its whole content. */
export interface GeneratedFile {
  path: string;
  content: string;
  /** A hand-written page of which only the `<!-- generated:… -->` blocks are generated. */
  partial?: true;
}

const SCHEMA_FILE = "batch-ops.schema.json";
const COMMANDS_SOURCE = "src/app/command-registry.ts, src/app/cli/registry.ts and the commands' help";
const SLASH_SOURCE = "src/app/command-registry.ts and the commands' help";
const ENV_SOURCE = "src/config/env.ts and src/cli/env.ts";
const CONFIG_SOURCE = "src/config/schema.ts and src/config/sections/*.ts";

/** Every generated file (README.md and the capability pages: only their blocks), from the definitions the code validates with (and, for performance, `bench/results.json`). */
export function generateDocs(root: string): GeneratedFile[] {
  const config = inputJsonSchema(repoConfigSchema);
  const appEnv = inputJsonSchema(envSchema);
  const cliEnv = inputJsonSchema(cliEnvSchema);
  refuseUndocumented({ ".github/batch-ops.yml (src/config/sections/)": config, "src/config/env.ts": appEnv, "src/cli/env.ts": cliEnv });

  const defaultConfig = effectiveDefaults(repoConfigSchema) as RepoConfig;
  const defaultLevel = (key: string) => requiredLevel(defaultConfig, key);
  const appEnvDefaults = effectiveDefaults(envSchema);
  const cliEnvDefaults = effectiveDefaults(cliEnvSchema);
  const blocks = indexSources({
    config: { schema: config, defaults: defaultConfig, source: CONFIG_SOURCE },
    env: {
      schemas: [
        { schema: appEnv, defaults: appEnvDefaults },
        { schema: cliEnv, defaults: cliEnvDefaults },
      ],
      source: ENV_SOURCE,
    },
    commands: { all: allCommands(), defaultLevel, source: SLASH_SOURCE },
  });
  checkPlacement(PAGE_BLOCKS, REFERENCE_ONLY, blocks);
  const read = (path: string) => readFileSync(join(root, path), "utf8");
  const benchSource = "bench/results.json";
  return [
    {
      path: "docs/commands.md",
      content: renderCommandsPage({
        slash: allCommands().flatMap((c) => c.help),
        defaultLevel,
        cli: cliCommands,
        cliCommonOptions: COMMON_OPTIONS,
        cliExitStatus: EXIT_STATUS_HELP,
        source: COMMANDS_SOURCE,
      }),
    },
    {
      path: "README.md",
      partial: true,
      content: replaceBlocks(
        read("README.md"),
        {
          [README_COMMANDS_BLOCK]: renderReadmeCommands({
            commands: allCommands(),
            defaultLevel,
            pageFor: (name) => commandPage(PAGE_BLOCKS, name),
            source: SLASH_SOURCE,
          }),
        },
        "README.md",
      ),
    },
    ...Object.entries(PAGE_BLOCKS).map(
      ([path, spec]): GeneratedFile => ({ path, partial: true, content: replaceBlocks(read(path), renderPageBlocks(path, spec, blocks), path) }),
    ),
    {
      path: "docs/configuration.md",
      content: renderConfigurationPage({ schema: config, defaults: defaultConfig, source: CONFIG_SOURCE, schemaFile: SCHEMA_FILE }),
    },
    { path: `docs/${SCHEMA_FILE}`, content: schemaFile(config) },
    {
      path: "docs/environment.md",
      content: renderEnvironmentPage(
        [
          {
            title: "The app (`npm start`)",
            intro: "Read and checked once at start-up (`src/config/env.ts`); a bad value stops the process with one message naming every bad variable.",
            schema: appEnv,
            defaults: appEnvDefaults,
          },
          {
            title: "The operator CLI (`batch-ops`)",
            intro: "Read by every CLI command (`src/cli/env.ts`); a bad value is a command-line error (exit status 2) and nothing is read.",
            schema: cliEnv,
            defaults: cliEnvDefaults,
          },
        ],
        ENV_SOURCE,
      ),
    },
    {
      path: "docs/performance.md",
      content: renderPerformancePage(JSON.parse(read(benchSource)), benchSource),
    },
  ];
}

/** The JSON Schema editors validate `.github/batch-ops.yml` with. */
function schemaFile(config: JsonSchema): string {
  const { $schema, ...rest } = config;
  const file = {
    $schema,
    $comment: `generated by \`npm run docs\` from ${CONFIG_SOURCE}; do not edit`,
    title: "batch-ops repository configuration (.github/batch-ops.yml)",
    ...rest,
  };
  return JSON.stringify(file, null, 2) + "\n";
}

function refuseUndocumented(schemas: Record<string, JsonSchema>): void {
  const missing = Object.entries(schemas).flatMap(([where, schema]) => undocumentedKeys(schema).map((key) => `  ${where}: ${key}`));
  if (missing.length > 0) {
    throw new Error(`these keys have no description; add .describe("…") to their schema:\n${missing.join("\n")}`);
  }
}
