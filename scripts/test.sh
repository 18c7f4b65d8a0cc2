#!/usr/bin/env bash
# Installs everything the tests need and runs every test, on a fresh Debian machine with Node 20:
#   Debian's Chromium (brings SwiftShader, the CPU Vulkan that WebGPU runs on here), the Vulkan
#   loader for Dawn in Node, a font, the npm packages; then typecheck, lint, Vitest (float64 twins,
#   URL codec, WGSL kernels on Dawn), the production build, and Playwright e2e in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[[ -x /usr/bin/chromium && -e /usr/lib/chromium/vk_swiftshader_icd.json ]] || need+=(chromium)
{ ldconfig -p 2>/dev/null || true; } | grep -q 'libvulkan.so.1' || need+=(libvulkan1)
[[ -d /usr/share/fonts/truetype/dejavu ]] || need+=(fonts-dejavu-core)
if ((${#need[@]})); then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo=sudo
  echo "test.sh: installing ${need[*]} from Debian"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

npm ci --no-audit --no-fund

export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
mkdir -p reports
npm run typecheck
npm run lint
npm run build:cli  # the CLI tests spawn dist-cli/attention-lab.mjs
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
npm run build
npx playwright test 2> >(grep -v XDG_RUNTIME_DIR >&2) \
  | tee reports/playwright.log
node scripts/summary.mjs reports/vitest.json reports/playwright.log
