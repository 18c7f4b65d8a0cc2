#!/bin/bash
# Builds .device/bm/ (ignored) for the model-path benchmark on the GPU machine:
# the bundle bench/models.bench.ts → models.mjs (+ its lazy tokenizer chunks), bench/peer_models.py,
# Node (xz -9e) and Dawn's binding (xz; unpacked there by run.sh) and the Vulkan/EGL loader .debs,
# taken from .device/ as ../shared/device/prepare.sh builds it. Compressing both keeps the carried
# folder (~29 MiB) plus the tree (~35 MiB with public/models) under the 64 MiB a call may carry.
#   bash ../shared/device/prepare.sh && bash bench/models.device.sh
# Device command (carry [".device/bm"]), from the project root:
#   bash .device/bm/run.sh bash -c 'python3 .device/bm/peer_models.py $OUT/torch.json; node .device/bm/models.mjs $OUT/wgsl.json'
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
[[ -f .device/node.xz && -f .device/node_modules/webgpu/dist/linux-x64/dawn.node ]] || { echo "run ../shared/device/prepare.sh first" >&2; exit 1; }
B=.device/bm
mkdir -p $B/gl $B/node_modules/webgpu/dist/linux-x64
cp .device/gl/*.deb $B/gl/
cp .device/node_modules/webgpu/index.js .device/node_modules/webgpu/package.json $B/node_modules/webgpu/
[[ -f $B/node.xz ]] || xz -dc .device/node.xz | xz -T2 -9e -c > $B/node.xz
[[ -f $B/dawn.node.xz ]] || xz -T2 -9e -c .device/node_modules/webgpu/dist/linux-x64/dawn.node > $B/dawn.node.xz
cat > $B/run.sh <<'RUN'
#!/bin/bash
# Like shared/device/run.sh, from .device/bm/: loaders, Node and Dawn's binding unpacked, then "$@" from the project root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for f in "$here"/gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export VK_ICD_FILENAMES=$VK_DRIVER_FILES
bin=$(mktemp -d)
xz -dc "$here/node.xz" > "$bin/node" && chmod +x "$bin/node"
[[ -f $here/node_modules/webgpu/dist/linux-x64/dawn.node ]] || xz -dc "$here/dawn.node.xz" > "$here/node_modules/webgpu/dist/linux-x64/dawn.node"
export PATH=$bin:$PATH
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
cd "$here/../.."
exec "$@"
RUN
cp bench/peer_models.py $B/
BENCH_OUT=$B npx vite build --config bench/models.vite.config.ts --logLevel warn
du -sh $B
