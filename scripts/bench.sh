#!/usr/bin/env bash
# The benchmark command: builds Release and runs bench/Torghut.Benchmarks, writing docs/benchmarks.md.
# Usage: scripts/bench.sh [sim-throughput|sim-rest-bars-year|decode|ingest-kafka|repair|ta|ta-history|sink|ta-warmup|gateway|all]   (default all; about 5 minutes)
#   repair      trades/s a hole is repaired at (simulator REST → Kafka acked) beside the live path's acked rate, same run;
#               and the wall time of `torghut backfill` for a year of 1Min bars × 3 crypto pairs (target ≤ 30 s)
#        scripts/bench.sh soak [--minutes 10] [--rate 50000]   (not part of all)
#   sim-rest-bars-year  bars/s the simulator serves through REST for a year of 1Min bars × 3 crypto pairs (pages of 10000)
#   ta          trades/s through TaEngine on one pinned core vs Utf8JsonReader tokenizing the same envelopes
#   ta-history  ns/bar of one symbol's signal series at 1 k … 1 M bars of history (flat = within 1.5×)
#   sink        the TA worker's write path (TaStoreWriter over ClickHouseTaStore) rows/s vs one bulk RowBinary INSERT
#               per table into the same local clickhouse-server 18.16
#               (started and stopped by the benchmark; installed with apt if missing); DuckDB as a diagnostic
#   ta-warmup   symbols/s warmed when a TA takeover asks for all its series at once vs one after the other
#               (same local clickhouse-server 18.16)
#   gateway     100 concurrent clients on the Alpaca gateway (embedded transport): messages/s delivered to all of them vs
#               bare Kestrel websockets sending the same frame to 100 clients; p50/p99 ingest ack → client read, paced
#   soak        the whole pipeline as real processes (paced simulator firehose → run --role ingest → Kafka mock →
#               run --role ta → clickhouse-server 18.16) for --minutes, sampling RSS, GC heap and queue depths every
#               10 s; targets: RSS growth < 5 % after the first minute, no queue growing without bound
# Speed targets are ratios against a baseline measured in the same run; they are never unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
shift || true
dotnet build bench/Torghut.Benchmarks -c Release -nologo -v q -clp:ErrorsOnly
# ingest-kafka starts the Kafka mock broker as its own process.
dotnet build tools/Torghut.KafkaMock -c Release -nologo -v q -clp:ErrorsOnly
# repair runs the real `torghut backfill` binary (Release, with its plugins folder); the soak runs the host too.
if [ "$which" = soak ] || [ "$which" = repair ] || [ "$which" = all ]; then dotnet build src/Torghut.Host -c Release -nologo -v q -clp:ErrorsOnly; fi
dotnet bench/Torghut.Benchmarks/bin/Release/net10.0/Torghut.Benchmarks.dll "$which" "$@" \
  --out docs/benchmarks.md --command "scripts/bench.sh $which${*:+ $*}"
