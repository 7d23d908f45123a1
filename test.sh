#!/usr/bin/env bash
# Runs every test: installs what the tests need (redis-server, from Debian's packages), then `dotnet test`.
# Works on a clean clone with only the package registries reachable; .ci/run calls this.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The provider emulators are in-process Kestrel servers and the offline model ships in models/.
# The Redis-backed cache tests start their own redis-server, which must be installed.
if ! command -v redis-server >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq redis-server >/dev/null
fi

# The memory retrieval test reads Debian's manual pages (real text nobody here wrote).
if ! ls /usr/share/man/man2/*.gz >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq man-db manpages manpages-dev >/dev/null
fi

log=$(mktemp)
set +e
dotnet test Switchboard.slnx 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line summing every test assembly's "Passed!/Failed!" line.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
