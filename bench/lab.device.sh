#!/bin/bash
# Builds the folder one device command needs for the engine figures (bench/RESULTS.md, "Engine"):
# the model bench (forward + lab run) and the fused-statistics bench bundled (webgpu external),
# the PyTorch peers, Node (xz -9e) and Dawn's binding (xz), the Vulkan/EGL loader .debs.
#   bash bench/lab.device.sh <prepared .device folder> <out folder, e.g. ../main/.device/engine2>
# On the device, from the project root, with the out folder carried (here .device/engine2):
#   bash .device/engine2/run.sh bash .device/engine2/job.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
SRC=$(cd "$1" && pwd)
mkdir -p "$2" && B=$(cd "$2" && pwd)
[[ -f $SRC/node.xz && -f $SRC/node_modules/webgpu/dist/linux-x64/dawn.node ]] || { echo "run ../shared/device/prepare.sh first" >&2; exit 1; }
mkdir -p "$B/gl" "$B/node_modules/webgpu/dist/linux-x64"
cp "$SRC"/gl/*.deb "$B/gl/"
cp "$SRC/node_modules/webgpu/index.js" "$SRC/node_modules/webgpu/package.json" "$B/node_modules/webgpu/"
[[ -f $B/node.xz ]] || xz -dc "$SRC/node.xz" | xz -T2 -9e -c > "$B/node.xz"
[[ -f $B/dawn.node.xz ]] || xz -T2 -9e -c "$SRC/node_modules/webgpu/dist/linux-x64/dawn.node" > "$B/dawn.node.xz"
cat > "$B/run.sh" <<'RUN'
#!/bin/bash
# Like shared/device/run.sh from a carried folder: loaders, Node and Dawn's binding unpacked, then "$@" here.
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
exec "$@"
RUN
cp bench/peer_models.py bench/peer_torch.py bench/lab_run_peer.py bench/lab_summary.py "$B/"
cp bench/lab.job.sh "$B/job.sh"
BENCH_OUT=$B npx vite build --config bench/models.vite.config.ts --logLevel warn
BENCH_OUT=$B npx vite build --config bench/vite.config.ts --logLevel warn
rm -rf "$B/models" "$B/presets"   # bench/vite.config.ts copies public/; the tree carries it
du -sh "$B"
