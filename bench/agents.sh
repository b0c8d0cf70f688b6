#!/usr/bin/env bash
# The simulated participant's benchmarks: the offline lambda sweep against the bare LIME roof in the same run, then
# 200 agents (or $1) playing whole studies against the Release server as its own process, and the headless analyze
# of what they left. Prints markdown for docs/benchmarks.md. Run it alone on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Server -c Release -v quiet -nologo
dotnet run --project bench/ExpO.AgentBench -c Release -- "${1:-200}"
