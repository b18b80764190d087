// ESLint (type-aware) plus the dependency direction of the layout: see docs/DEVELOPING.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

/** Capability folders: one runbook section each. */
const CAPABILITIES = ["stop", "breakers", "rollback", "seeding", "security", "health-page", "catchup"];
/** The shared kernel: it never imports a capability or app/. */
const KERNEL = ["util", "core", "config", "coordination", "github", "control", "incidents", "commands", "cli"];
/** Within the kernel, the lowest layers stay lowest: util imports nothing of ours, github/ only util and core types. */
const KERNEL_BELOW = { util: [], github: ["util", "core", "config", "coordination"] };

/**
 * The named cross-capability imports, and why: everything else between capabilities is refused.
 * (catchup applies lost runs exactly as their webhooks would, so it reaches into breakers and seeding.)
 */
const ALLOWED = {
  breakers: ["stop/stop-resume.js", "stop/stop-workflows.js"], // a High incident stops the pipeline
  security: ["stop/stop-resume.js", "stop/stop-workflows.js"], // a drift signal stops the pipeline
  stop: ["breakers/breaker-table.js"], // /status shows the breakers
  "health-page": ["breakers/staleness.js"], // the page shows the watchdog's own verdict, by the same rule
  catchup: [
    "breakers/jobs.js",
    "breakers/run-record.js",
    "breakers/workflow-run-batch.js",
    "breakers/budget-crossings.js",
    "breakers/budget-issue-body.js",
    "breakers/budget-reported-marker.js",
    "breakers/budget-state.js",
    "breakers/budget-thresholds.js",
    "breakers/followups-record.js",
    "breakers/run-incidents.js",
    "breakers/severity.js",
    "breakers/staleness.js",
    "breakers/stale-issue.js",
    "breakers/run-edit.js",
    "breakers/outcomes.js",
    "breakers/batch-workflows.js",
    "breakers/run-incident-body.js",
    "seeding/history.js",
    "seeding/run-completed-handler.js",
    "seeding/digest-issue.js",
    "seeding/seeding-run.js",
    "seeding/run-record.js",
  ],
};

const up = (name) => [`../${name}/*`, `../../${name}/*`];

function restrictionsFor(folder) {
  const kernel = KERNEL.includes(folder);
  const below = KERNEL_BELOW[folder];
  const forbidden = kernel
    ? [...(below ? KERNEL.filter((k) => k !== folder && !below.includes(k)) : []), ...CAPABILITIES, "app"]
    : [...CAPABILITIES.filter((c) => c !== folder), "app"];
  const allowed = (ALLOWED[folder] ?? []).flatMap((path) => [`!../${path}`]);
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [...forbidden.flatMap(up), ...allowed],
              message: kernel
                ? `src/${folder}/ is kernel: it imports no capability and no app/${below ? `, and of the kernel only ${below.join(", ") || "nothing"}` : ""} (docs/DEVELOPING.md).`
                : "Capabilities import each other only through the named exports listed in eslint.config.js (ALLOWED).",
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ["dist/**", "dist-bench/**", "dist-scripts/**", "node_modules/**", "coverage/**", "examples/**", "*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // In-memory implementations of async interfaces (locks, leases, stores) are async without awaiting.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests and benches build loose fixtures and mocks; the type-aware "unsafe" family would only add casts.
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-this-alias": "off",
      "@typescript-eslint/prefer-promise-reject-errors": "off",
      "@typescript-eslint/no-unsafe-function-type": "off",
      "@typescript-eslint/only-throw-error": "off",
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
    },
  },
  {
    // What the app remembers (caches, locks, memos) belongs to the deps the composition root builds and
    // injects, so two apps (or two tests) never share it and Redis can stand in for it: no module-level state.
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: ":matches(Program, ExportNamedDeclaration) > VariableDeclaration[kind='let']",
          message: "No module-level mutable state: keep it in a class the composition root builds (src/app/composition.ts).",
        },
        {
          selector:
            ":matches(Program, ExportNamedDeclaration) > VariableDeclaration > VariableDeclarator > NewExpression.init:matches([arguments.length=0], [callee.name=/^(EtagCache|KeyedMutex|Exclusive)$/])",
          message: "No module-level caches, locks or memos: keep them in a class the composition root builds and injects (src/app/composition.ts).",
        },
      ],
    },
  },
  ...[...KERNEL, ...CAPABILITIES].map(restrictionsFor),
  prettier,
);
