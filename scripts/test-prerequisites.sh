#!/usr/bin/env bash
# What the tests need beyond npm packages, installed from Debian when missing so `npm test` works on a fresh
# machine: each line of PREREQUISITES is "<file that shows it is installed> <Debian package> <why>"; the file
# may be a glob, for packages that install under a versioned path (e.g. /usr/lib/postgresql/*/bin/postgres).
set -euo pipefail

PREREQUISITES=(
  "/usr/sbin/dovecot dovecot-imapd the mail-in tests read mail from a real Dovecot IMAP server"
  "/usr/bin/chromium chromium the sandbox's end-to-end tests drive a real browser"
  "/usr/lib/postgresql/15/bin/initdb postgresql the PostgreSQL tests start a throwaway PostgreSQL 15 server"
)

missing=()
for line in "${PREREQUISITES[@]}"; do
  read -r program package why <<<"$line"
  if ! compgen -G "$program" >/dev/null; then
    echo "Missing $package: $why." >&2
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]}…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Run 'sudo apt-get install ${missing[*]}' first." >&2
  exit 1
fi
