#!/usr/bin/env bash
# Debian packages for the real-component tests: chromium (browser tests, driven by Playwright),
# dovecot-imapd (a real IMAP server for inbound mail tests), nginx (the TLS reverse proxy of
# tests/test_tls_proxy.py; `nginx` exists in every Debian release, `nginx-light` not) and
# postgresql-client (pg_dump, pg_restore and psql: `doleances backup`/`restore` and the
# database-role tests). Idempotent.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
[ -x /usr/sbin/nginx ] || need+=(nginx)
command -v msgfmt >/dev/null || need+=(gettext)
{ command -v pg_dump && command -v pg_restore && command -v psql; } >/dev/null || need+=(postgresql-client)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
