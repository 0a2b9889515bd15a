#!/usr/bin/env bash
# Builds a stand-in for node:20-bookworm-slim without any registry: a Debian bookworm
# minbase root filesystem (debootstrap, from the apt mirror) plus this machine's Node,
# imported with `docker import`. Used where images cannot be pulled (CI here).
# Usage: build-base-image.sh [tag]   (default mme/base:bookworm-node<host node version>)
set -euo pipefail

node_bin=$(command -v node)
node_version=$("$node_bin" --version)
tag=${1:-mme/base:bookworm-node${node_version#v}}

if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base image $tag: cached"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mme-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
debs=${MME_DEBOOTSTRAP_CACHE:-/var/cache/mme-debootstrap}
mkdir -p "$debs"

command -v debootstrap >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}

echo "base image $tag: debootstrap bookworm (minbase)"
debootstrap --variant=minbase --include=ca-certificates --cache-dir="$debs" \
  bookworm "$rootfs" "${MME_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}

# Node where node:20-bookworm-slim keeps it, with npm and corepack beside it.
node_modules=$(npm root -g 2>/dev/null)
install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
for pkg in npm corepack; do
  [ -d "$node_modules/$pkg" ] && cp -a "$node_modules/$pkg" "$rootfs/usr/local/lib/node_modules/"
done
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
ln -sf ../lib/node_modules/corepack/dist/corepack.js "$rootfs/usr/local/bin/corepack"

# The host's trust store: on machines behind a TLS-intercepting proxy, builds need its CA.
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"

# The same unprivileged user as the official node image.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*

echo "base image $tag: docker import"
tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${node_version#v}" \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change "LABEL org.opencontainers.image.description=\"Debian bookworm minbase + Node ${node_version} (built without a registry)\"" \
  --change 'CMD ["node"]' \
  - "$tag" >/dev/null
echo "base image $tag: built"
