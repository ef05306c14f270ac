#!/usr/bin/env bash
# Installs the Debian packages evidencecheck needs, only those that are missing.
# Idempotent: a second run installs nothing and does not touch the network.
set -euo pipefail

packages=(
  tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng   # OCR engine + Chinese/English data
  fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming     # CJK fonts the generator renders with
  fonts-wqy-microhei fonts-wqy-zenhei
  python3-venv                                            # `python3 -m venv` on a bare Debian
)

# `setup-system.sh test`: also what the tests need (a real headless browser for the batch page).
if [ "${1:-}" = "test" ]; then
  packages+=(chromium chromium-driver)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "system packages: all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
