#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need on a fresh Debian machine first:
# git (fleet repositories, git daemon), OpenSSH (tunnel tests) and a Python with jinja2 + PyYAML (the templating oracle).
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v git >/dev/null 2>&1 || need_apt+=(git)
# OpenSSH: the tunnel tests log in with a real ssh through `outpost tunnel --stdio` to an sshd they start on loopback.
command -v ssh >/dev/null 2>&1 || need_apt+=(openssh-client)
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
if ! python3 -c 'import jinja2, yaml' >/dev/null 2>&1; then
  # Debian's packages are the fallback; the reference oracle is jinja2 3.1.6 where it is installed.
  need_apt+=(python3 python3-jinja2 python3-yaml)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Outpost.slnx -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# The failures again, at the end where a log cut to its tail still shows them: each failed test and its message.
awk '/^ +Failed [A-Za-z_.]/ { show = 8; print "FAILED:" } show > 0 { print; show-- }' "$log"
# One closing line over all test projects, in the plain form CI reads.
# Handles both the minimal ("Passed!  - Failed: 0, Passed: 87, …") and the normal ("     Passed: 87") summaries.
awk '
  /(Passed|Failed)! +- +Failed:/ { gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } next }
  /^ +Passed: +[0-9]+$/ { p += $2 } /^ +Failed: +[0-9]+$/ { f += $2 } /^ +Skipped: +[0-9]+$/ { s += $2 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
