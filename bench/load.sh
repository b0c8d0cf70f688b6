#!/usr/bin/env bash
# Load benchmark of the participant study: builds the server in Release, starts it as its own process on loopback
# with a fresh SQLite database, and drives simulated participants against it. Prints a markdown report
# (copy it into docs/benchmarks.md). Usage: bench/load.sh [seconds per phase]. Run it alone on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Server -c Release -v quiet -nologo
dotnet run --project bench/ExpO.LoadBench -c Release -- "${1:-20}"
