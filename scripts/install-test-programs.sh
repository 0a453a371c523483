#!/usr/bin/env bash
# Debian packages of the programs the tests drive as a user would: skopeo (push/pull over the wire),
# umoci, busybox-static and debootstrap (real test images), postgresql (the scale-out metadata
# store), docker-registry (CNCF Distribution, the benchmark reference), wrk and ab (benchmark
# load). Run as root; installs only what is missing.
set -euo pipefail
declare -A package_of=(
  [skopeo]=skopeo
  [umoci]=umoci
  [busybox]=busybox-static
  [debootstrap]=debootstrap
  [docker-registry]=docker-registry
  [wrk]=wrk
  [ab]=apache2-utils
)
missing=()
for program in "${!package_of[@]}"; do
  command -v "$program" >/dev/null 2>&1 || missing+=("${package_of[$program]}")
done
# PostgreSQL's server binaries live off PATH, in /usr/lib/postgresql/<version>/bin.
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing test programs: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
