#!/usr/bin/env bash
# The container part of CI (called by .ci/run after install and build): a local dockerd, a base
# image made without any registry, the emulator and runtime images built from it, then the
# testcontainers suite. Tests whose images cannot be had here (MinIO, Triton) skip, each with one
# printed line. Idempotent: a dockerd already running is used and left alone; the base image and
# the Docker build cache survive between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

elapsed() { echo "$(( $(date +%s) - $1 ))s"; }
section() { echo "== containers: $*"; }
started_all=$(date +%s)

log_dir=$(mktemp -d "${TMPDIR:-/tmp}/mme-containers.XXXXXX")
dockerd_pid=""
stop_dockerd() {
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    section "stopping the dockerd this script started (pid $dockerd_pid)"
    kill -TERM "$dockerd_pid"
    for _ in $(seq 1 30); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$dockerd_pid" 2>/dev/null && kill -KILL "$dockerd_pid"
  fi
  rm -rf "$log_dir"
}
trap stop_dockerd EXIT

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

docker_ready() { docker info >/dev/null 2>&1; }

start_dockerd() {
  if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
    section "installing docker.io and debootstrap"
    local t=$(date +%s)
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker.io debootstrap >/dev/null
    echo "installed in $(elapsed "$t")"
  fi
  # A pid file left by a dockerd that was killed stops the next one from starting.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    as_root rm -f /var/run/docker.pid
  fi
  section "starting dockerd (log: $log_dir/dockerd.log)"
  # Started directly (not through a shell function) so that $! is dockerd itself, or sudo, which
  # passes the stop signal on.
  if [ "$(id -u)" = 0 ]; then
    dockerd >"$log_dir/dockerd.log" 2>&1 &
  else
    sudo -n dockerd >"$log_dir/dockerd.log" 2>&1 &
  fi
  dockerd_pid=$!
  for _ in $(seq 1 60); do
    docker_ready && return 0
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 1
  done
  echo "dockerd did not come up:"; tail -5 "$log_dir/dockerd.log" || true
  dockerd_pid=""
  return 1
}

if docker_ready; then
  section "using the Docker daemon already running"
elif ! start_dockerd; then
  section "no Docker here: the container suite runs and skips with its reason"
  pnpm vitest run --config docker/vitest.config.ts
  exit $?
fi

t=$(date +%s)
base_image="mme/base:bookworm-node$(node --version | sed 's/^v//')"
bash docker/scripts/build-base-image.sh "$base_image"
section "base image $base_image ready in $(elapsed "$t")"

t=$(date +%s)
MME_BASE_IMAGE="$base_image" MME_IMAGE_TAG=dev bash docker/scripts/build-images.sh 2>&1 \
  | { grep -v -e 'legacy builder is deprecated' -e 'Install the buildx component' -e 'docs.docker.com/go/buildx' -e '^ *$' || true; }
section "images built in $(elapsed "$t")"

t=$(date +%s)
status=0
MME_EMULATOR_IMAGE=mme/emulator:dev MME_RUNTIME_IMAGE=mme/runtime:dev \
  pnpm vitest run --config docker/vitest.config.ts || status=$?
section "suite finished in $(elapsed "$t") (exit $status); whole container step $(elapsed "$started_all")"
exit "$status"
