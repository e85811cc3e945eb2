#!/usr/bin/env bash
# The benchmark command: builds Release and runs bench/Torghut.Benchmarks, writing docs/benchmarks.md.
# Usage: scripts/bench.sh [sim-throughput|decode|ingest-kafka|all]   (default all; about 2 minutes)
# Speed targets are ratios against a baseline measured in the same run; they are never unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
dotnet build bench/Torghut.Benchmarks -c Release -nologo -v q -clp:ErrorsOnly
# ingest-kafka starts the Kafka mock broker as its own process.
dotnet build tools/Torghut.KafkaMock -c Release -nologo -v q -clp:ErrorsOnly
dotnet bench/Torghut.Benchmarks/bin/Release/net10.0/Torghut.Benchmarks.dll "$which" \
  --out docs/benchmarks.md --command "scripts/bench.sh $which"
