import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/** Builds the storefront, the console, the widget frame and the widget loader into dist/web. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(root, '../dist/web'),
    emptyOutDir: true,
    // Everything is bundled: the CSP allows only 'self' scripts and no outside hosts.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        storefront: resolve(root, 'index.html'),
        console: resolve(root, 'console.html'),
        'widget-frame': resolve(root, 'widget.html'),
        widget: resolve(root, 'src/widget/loader.ts'),
      },
      output: {
        // The loader keeps a stable name because other sites embed it as /widget.js.
        entryFileNames: (chunk) => (chunk.name === 'widget' ? 'widget.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
