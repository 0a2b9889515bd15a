#!/usr/bin/env bash
# Builds the runtime and emulator images from docker/emulator.Dockerfile.
# Usage: build-images.sh   (env: MME_BASE_IMAGE, default node:20-bookworm-slim; MME_IMAGE_TAG, default dev)
# The build context is the repository's files as git sees them (tracked + untracked, minus ignored),
# sent as a tarball: the same context with BuildKit and with the legacy builder, without node_modules.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
base=${MME_BASE_IMAGE:-node:20-bookworm-slim}
tag=${MME_IMAGE_TAG:-dev}

context=$(mktemp "${TMPDIR:-/tmp}/mme-context.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/mme-build-log.XXXXXX")
trap 'rm -f "$context" "$log"' EXIT
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$repo" ls-files -z --cached --others --exclude-standard \
    | (cd "$repo" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) \
    | tar -C "$repo" --null -T - -cf "$context"
else
  tar -C "$repo" --exclude=node_modules --exclude=dist --exclude=.turbo --exclude=.git --exclude=.mme \
    --exclude=model_registry/generated -cf "$context" .
fi

for target in runtime emulator; do
  start=$(date +%s)
  if ! docker build -f docker/emulator.Dockerfile --build-arg "BASE_IMAGE=$base" \
    --target "$target" -t "mme/$target:$tag" - <"$context" >"$log" 2>&1; then
    echo "image mme/$target:$tag: build failed; the log's end:" >&2
    tail -60 "$log" >&2
    exit 1
  fi
  echo "image mme/$target:$tag built in $(( $(date +%s) - start ))s (base $base)"
done
