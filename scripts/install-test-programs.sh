#!/usr/bin/env bash
# Debian packages of the programs the tests drive as a user would: skopeo (push/pull over the wire),
# umoci, busybox-static and debootstrap (real test images), docker-registry (CNCF Distribution,
# the benchmark reference). Run as root; installs only what is missing.
set -euo pipefail
declare -A package_of=(
  [skopeo]=skopeo
  [umoci]=umoci
  [busybox]=busybox-static
  [debootstrap]=debootstrap
  [docker-registry]=docker-registry
)
missing=()
for program in "${!package_of[@]}"; do
  command -v "$program" >/dev/null 2>&1 || missing+=("${package_of[$program]}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing test programs: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
