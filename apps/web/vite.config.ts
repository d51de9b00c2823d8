import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Two entries: the React console/reports app (index.html) and the guardian survey's
// few-kB vanilla script and CSS, which the API finds through the manifest.
export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    manifest: true,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        survey: resolve(import.meta.dirname, 'src/features/survey/survey.ts'),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8787', '/s': 'http://localhost:8787' } },
});
