#!/usr/bin/env bash
# make-clone.sh <dir> - a throw-away clone of this sample pipeline to try the batch-ops CLI on.
# History: the pipeline, then one batch commit (batch_id: 2026-11-27) that adds recipes/n/ninja.toml,
# pushed to a bare "origin" next to it, so status/stop/rollback behave as on a real clone.
set -euo pipefail

target="${1:?Usage: $0 <new directory>}"
if [ -e "$target" ]; then echo "$target already exists" >&2; exit 1; fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seed=(-c user.name="Sample Seed" -c user.email="seed@example.com" -c commit.gpgsign=false)

mkdir -p "$target"
target="$(cd "$target" && pwd)"
cp -R "$here/." "$target/clone"
rm -f "$target/clone/make-clone.sh" "$target/clone/README.md"
cd "$target/clone"
git init --quiet --initial-branch=main
mv recipes/n/ninja.toml "$target/ninja.toml"
git add --all
git "${seed[@]}" commit --quiet -m "chore: sample batch pipeline"
mv "$target/ninja.toml" recipes/n/ninja.toml
git add recipes/n/ninja.toml
git "${seed[@]}" commit --quiet -F - <<'MSG'
feat(recipes): add batch 2026-11-27 recipes

Batch generation of 1 packages (1 homebrew).

batch_id: 2026-11-27
batch_size: 1
MSG
git init --quiet --bare --initial-branch=main "$target/origin.git"
git remote add origin "$target/origin.git"
git push --quiet --set-upstream origin main
git remote set-head origin main
# The CLI commits locally: give this throw-away clone an identity when the machine has none configured.
if ! git config user.name >/dev/null; then git config user.name "Sample Operator"; fi
if ! git config user.email >/dev/null; then git config user.email "operator@example.com"; fi
echo "$target/clone"
