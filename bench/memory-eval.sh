#!/usr/bin/env bash
# The full memory retrieval evaluation: installs Debian's manual pages when missing, then tunes chunk size and the
# fusion constant on 150 development pages and scores BM25, embeddings and hybrid on 500 other pages.
# Extra arguments go to the evaluation (--dev, --test, --chunks, --k, --max-chunks, --man).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! ls /usr/share/man/man2/*.gz >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq man-db manpages manpages-dev >/dev/null
fi
exec dotnet run -c Release --project bench/Switchboard.Memory.Evaluation -- --dev 150 --test 500 --chunks 96,160 --k 10,20,40,60,100 --max-chunks 3 "$@"
