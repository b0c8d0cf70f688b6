#!/usr/bin/env bash
# The server's pace after a restart (steps/s in each of its first seconds, with and without Hosting:MinThreads) and
# honest participants' step rate under an entry flood from one address. Prints markdown for docs/benchmarks.md.
# Usage: bench/pace.sh [seconds per phase]. Run it alone on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Server -c Release -v quiet -nologo
dotnet run --project bench/ExpO.PaceBench -c Release -- "${1:-20}"
