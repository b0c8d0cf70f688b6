#!/usr/bin/env bash
# Load benchmark of the participant study: builds the server in Release, starts it as its own process on loopback
# with a fresh database, and drives simulated participants against it. Prints a markdown report
# (copy it into docs/benchmarks.md). Run it alone on the machine.
# Usage: bench/load.sh [seconds per phase] [setups], setups any of sqlite,pg1,pg2,pg2-sticky (default sqlite), e.g.
#   bench/load.sh 20 sqlite,pg1,pg2,pg2-sticky   SQLite, PostgreSQL with one server and with two, side by side in one run
#   (pg2: requests alternate between the two; pg2-sticky: each participant stays on one, as deploy/nginx.conf does)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Server -c Release -v quiet -nologo
dotnet run --project bench/ExpO.LoadBench -c Release -- "${1:-20}" "${2:-sqlite}"
