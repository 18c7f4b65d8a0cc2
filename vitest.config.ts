import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Dawn (npm `webgpu`) on SwiftShader: kernel tests compile pipelines on the CPU, so allow time.
    testTimeout: 60_000,
    env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' },
  },
});
