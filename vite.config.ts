import { defineConfig } from 'vite';

/**
 * Builds the embeddable widget: one ES module, `dist/widget/openbook-clv.js`, that vendors load with a
 * single script tag (Lit bundled in), plus lazily loaded chunks under `dist/widget/chunks/` that the main
 * file imports by relative URL, so the whole folder can be served from `/widget/` or a CDN.
 */
export default defineConfig({
  // The widget has no static assets: nothing to copy from public/.
  publicDir: false,
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    lib: {
      entry: 'widget/openbook-clv.ts',
      formats: ['es'],
      fileName: () => 'openbook-clv.js',
    },
    rolldownOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // In library mode Vite keeps whitespace and pure annotations in ES output, for bundlers that
        // re-bundle a library. This file goes straight to browsers: minify it fully.
        minify: true,
        comments: { legal: false, annotation: false, jsdoc: false },
      },
    },
  },
});
