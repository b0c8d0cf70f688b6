#!/usr/bin/env bash
# Page benchmark: a participant's first and repeat visit in Debian's Chromium on a 10 Mbit/s, 40 ms link, for the
# server started as the README starts it (./run.sh: publish, then run the published server) and as a plain publish
# run from its folder (what a deployment runs). Prints a markdown table for docs/benchmarks.md. Run it alone.
# Usage: bench/page.sh [LABEL=WORKDIR::COMMAND ...]  (more servers to measure side by side, e.g. an older checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
dotnet build bench/ExpO.PageBench -c Release -v quiet -nologo
dotnet bench/ExpO.PageBench/bin/Release/net10.0/ExpO.PageBench.dll \
  "README (./run.sh)=$here::./run.sh --Database:Path={db}" \
  "published folder=$here/published::dotnet ExpO.Server.dll --Database:Path={db}" \
  "$@"
