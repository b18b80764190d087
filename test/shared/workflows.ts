/**
 * Batch workflow texts for the "does the stop stop anything" check, shaped on the real tsuku pipeline
 * (tsukumogami/tsuku at 7b4eba1): its hourly `batch-generate.yml` reads only the breakers from
 * `batch-control.json` with jq; the placeholder `batch-operations.yml` reads `enabled` and
 * `disabled_ecosystems`. Trimmed to the lines that matter.
 */
export const TSUKU_BATCH_GENERATE = `name: Batch Recipe Generation
on:
  schedule:
    - cron: '0 * * * *'
env:
  ECOSYSTEM: \${{ inputs.ecosystem || 'homebrew' }}
jobs:
  generate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5  # v4
      - name: Preflight circuit breaker check
        id: preflight
        run: |
          STATE=$(jq -r --arg eco "\${{ env.ECOSYSTEM }}" \\
            '.circuit_breaker[$eco].state // "closed"' batch-control.json)
          if [ "$STATE" = "open" ]; then exit 1; fi
      - name: Build binaries
        run: CGO_ENABLED=0 go build -o batch-generate ./cmd/batch-generate
      - name: Run batch generation
        run: ./batch-generate -ecosystem "\${{ env.ECOSYSTEM }}"
`;

export const TSUKU_BATCH_OPERATIONS = `name: Batch Operations
on:
  workflow_dispatch:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Check control file
        run: |
          ENABLED=$(jq -r '.enabled' batch-control.json)
          DISABLED=$(jq -r '.disabled_ecosystems | join(",")' batch-control.json)
          if [ "$ENABLED" != "true" ]; then echo "stopped"; exit 0; fi
`;

/** A batch workflow gated by the batch-ops pre-flight action: it honours both fields. */
export const GATED_WORKFLOW = `name: Batch
on:
  schedule:
    - cron: '0 * * * *'
jobs:
  preflight:
    runs-on: ubuntu-latest
    outputs:
      can_proceed: \${{ steps.gate.outputs.can_proceed }}
    steps:
      - uses: actions/checkout@v4
      - id: gate
        uses: acme/batch-ops@main
        with:
          ecosystem: homebrew
  generate:
    needs: preflight
    if: needs.preflight.outputs.can_proceed == 'true'
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/batch-generate.sh
`;
