import { resolve } from 'node:path';
import { parse } from '@formatjs/icu-messageformat-parser';
import react from '@vitejs/plugin-react';
import { type Plugin, defineConfig } from 'vite';

/**
 * The message files of @gs/messages (`packages/messages/src/<area>/<lang>.json`, key → ICU message)
 * reach the browser parsed: each message becomes its AST here, at build time, which
 * intl-messageformat formats as it is. So the browser needs no ICU parser, and the alias below
 * leaves it out (FormatJS's documented no-parser build).
 */
function precompiledMessages(): Plugin {
  const messageFile = /\/packages\/messages\/src\/[^/]+\/[^/]+\.json$/;
  return {
    name: 'gs:precompiled-messages',
    enforce: 'pre',
    transform(code, id) {
      if (!messageFile.test(id.split('?')[0] ?? '')) return null;
      const messages = JSON.parse(code) as Record<string, string>;
      const asts = Object.entries(messages).map(([key, message]) => [key, parse(message, { ignoreTag: true })]);
      return { code: JSON.stringify(Object.fromEntries(asts)), map: null };
    },
  };
}

// Two entries: the React console/reports app (index.html) and the guardian survey's
// few-kB vanilla script and CSS, which the API finds through the manifest.
export default defineConfig({
  plugins: [precompiledMessages(), react()],
  resolve: {
    alias: [
      // Preact's React-compatible API instead of React in the browser (issue 11.4): the main script a
      // phone runs before anything else goes from 70 to 11 kB gzip. The code and its types stay React's.
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react$/, replacement: 'preact/compat' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
      {
        find: /^@formatjs\/icu-messageformat-parser$/,
        replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
      },
    ],
  },
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
