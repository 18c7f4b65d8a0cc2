#!/bin/bash
# One device run of the engine figures (bench/RESULTS.md, "Engine"), from the project root, inside
# .device/engine2/run.sh: the PyTorch peers first, then the WGSL benches, everything under $OUT.
#   LAB_FUSED=0 skips the fused-statistics bench; LAB_PROF=1 adds a V8 CPU profile of the model bench.
B=$(dirname "$0")
set -o pipefail
export PYTHONUNBUFFERED=1
timeout 120 python3 "$B/lab_run_peer.py" 2>&1 | tee "$OUT/lab_peer.log"
timeout 150 python3 "$B/peer_models.py" "$OUT/torch_models.json" 2>&1 | tee "$OUT/torch_models.log"
prof=()
[[ ${LAB_PROF:-0} == 1 ]] && prof=(--cpu-prof --cpu-prof-dir="$OUT")
BENCH_SIZES=${BENCH_SIZES:-1024} timeout 240 node "${prof[@]}" "$B/models.mjs" "$OUT/wgsl_models.json" 2>&1 | grep -v XDG_RUNTIME | tee "$OUT/wgsl_models.log"
if [[ ${LAB_FUSED:-1} == 1 ]]; then
  BENCH_SIZES=1024,4096 timeout 120 node "$B/bench.mjs" h200 "$OUT/wgsl_fused.json" 2>&1 | grep -v XDG_RUNTIME | tee "$OUT/wgsl_fused.log"
  timeout 120 python3 "$B/peer_torch.py" --wgsl "$OUT/wgsl_fused.json" --out "$OUT/torch_fused.json" 2>&1 | tee "$OUT/torch_fused.log"
fi
python3 "$B/lab_summary.py" "$OUT" | tee "$OUT/summary.txt"
# One archive (a call brings back few files): everything but the summary.
(cd "$OUT" && tar czf raw.tgz --exclude=summary.txt --exclude=raw.tgz . && find . -type f ! -name summary.txt ! -name raw.tgz -delete)
