#!/usr/bin/env bash
# Starts the study server as a study runs it: the published Release build, whose participant client is trimmed and
# precompressed (brotli and gzip), not the development build that `dotnet run` serves (36 MB, see docs/benchmarks.md).
# Usage: ./run.sh [server options], e.g. ./run.sh --urls http://0.0.0.0:8080
# The database is expo-study.db and the bundles are models/, both in this checkout (Server/appsettings.json).
set -euo pipefail
cd "$(dirname "$0")"
dotnet publish Server -c Release -o published -v quiet -nologo
# The content root is the published folder, one level below the checkout like Server/, so the settings' relative
# paths (../models, ../expo-study.db) mean the same in both.
exec dotnet published/ExpO.Server.dll --contentRoot "$PWD/published" "$@"
