#!/bin/bash
# The Llama-architecture KJV model on the GPU machine, in one run (issue: Llama-family models).
# Carry .train/kjv.txt.xz (908,496 bytes: `xz -9 -k .train/kjv.txt` after training/extract_kjv.py),
# run from the repository root with $OUT set; everything it writes lands in $OUT:
#   llama-fixture-check.txt  transformers' LlamaForCausalLM / Qwen2ForCausalLM and
#                            tools/export_attention.py against src/models/fixtures/{llama,qwen2}-tiny
#   kjv-llama.*              the model, config.json, curves, parity fixture, results (train_llama.py)
#   train-log-llama.txt      the run's stdout/stderr
set -euo pipefail
: "${OUT:?set OUT to the folder that comes back}"
mkdir -p .train "$OUT"
xz -dc .train/kjv.txt.xz > .train/kjv.txt
echo '96533061d67f56601ae280be597f6c34b29ecc10eacd1ae5fd7a16ffa6578b6c  .train/kjv.txt' | sha256sum -c -
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
python3 -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)'
python3 training/llama_fixture.py --out src/models/fixtures --check-only 2>&1 | tee "$OUT/llama-fixture-check.txt"
python3 training/train_llama.py --corpus .train/kjv.txt --out "$OUT" 2>&1 | tee "$OUT/train-log-llama.txt"
