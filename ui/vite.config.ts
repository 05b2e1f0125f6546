import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

declare const process: { env: Record<string, string | undefined> };

// The app loads only bundled assets (CSP `default-src 'self'`), so nothing
// here may point at a remote host.
export default defineConfig({
  plugins: [svelte()],
  // Component tests mount Svelte's client runtime, not its server one.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  base: './',
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: false,
    // One small bundle; no inline scripts (Vite emits module script tags).
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    // Screen and wizard tests run on the real core: `rapport serve` on temporary data folders.
    globalSetup: ['tests/core/globalSetup.ts'],
    // A debug core answers in milliseconds, but a loaded CI machine may be slow to start one.
    hookTimeout: 30_000,
    testTimeout: 20_000,
  },
});
