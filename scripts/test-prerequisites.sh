#!/usr/bin/env bash
# The mail-in tests read mail from a real Dovecot IMAP server (test/support/dovecot.ts starts one on
# 127.0.0.1). Install it when it is missing, so `npm test` works on a fresh machine.
set -euo pipefail
if [ -x /usr/sbin/dovecot ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing dovecot-imapd for the mail-in tests…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq dovecot-imapd >/dev/null
else
  echo "The mail-in tests need Dovecot: run 'sudo apt-get install dovecot-imapd' first." >&2
  exit 1
fi
