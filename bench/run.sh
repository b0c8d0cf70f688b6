#!/usr/bin/env bash
# Runs the benchmarks in Release on this machine and prints a markdown report (copy it into docs/benchmarks.md).
# Usage: bench/run.sh [repeats]   (run it alone: other load on the 2 cores skews every figure)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project bench/ExpO.Bench -c Release -- data/housing.csv "${1:-3}"
