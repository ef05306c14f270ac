#!/usr/bin/env bash
# Fetches the npm package hanzi-writer-data (stroke centre-lines of all GB2312 characters) into
# .cache/, where the handwriting generator reads it. Not committed: it is under the Arphic Public
# License (ARPHICPL.TXT ships inside it). Idempotent; needs npm only the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=2.0.1
dest=.cache/hanzi-writer-data
if [ -f "$dest/package/ARPHICPL.TXT" ] && [ -f "$dest/package/签.json" ]; then
  echo "hanzi-writer-data: present"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "hanzi-writer-data: npm is missing; installing it" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "hanzi-writer-data@$VERSION" >/dev/null)
tar xzf "$tmp"/hanzi-writer-data-"$VERSION".tgz -C "$dest"
echo "hanzi-writer-data: $VERSION fetched into $dest"
