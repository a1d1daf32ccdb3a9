import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The most `openbook-clv.js` may weigh, gzipped, as vendors' pages download it before anything shows. */
const MAIN_BUDGET_BYTES = 30_000;
/** The classic loader is meant to be pasted-and-forgotten: keep it tiny. */
const LOADER_BUDGET_BYTES = 2_000;

/**
 * Prints the gzipped size of the widget's entry files against their budgets and fails the build when one is
 * over. Also fails when `loader.js` imports or exports anything: it is loaded as a classic script.
 */
function sizeBudget(budgets: Record<string, number>): Plugin {
  return {
    name: 'openbook-size-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const lines: string[] = [];
      for (const [fileName, budget] of Object.entries(budgets)) {
        const chunk = bundle[fileName];
        if (!chunk || chunk.type !== 'chunk') {
          this.error(`size budget: ${fileName} was not built`);
        }
        const gzip = gzipSync(chunk.code, { level: 9 }).length;
        const verdict = gzip <= budget ? 'within' : 'OVER';
        lines.push(
          `${fileName}: ${kB(chunk.code.length)} kB, gzip ${kB(gzip)} kB, ${verdict} its budget of ${kB(budget)} kB ` +
            `(${Math.round((gzip / budget) * 100)}%)`,
        );
        if (gzip > budget) this.error(`size budget: ${fileName} is ${kB(gzip)} kB gzipped, over ${kB(budget)} kB`);
        if (fileName === 'loader.js') {
          if (chunk.imports.length > 0 || chunk.exports.length > 0 || chunk.dynamicImports.length > 0) {
            this.error('loader.js must be a classic script: no imports or exports');
          }
          // Top-level names of a classic script become the host page's globals: all of it sits in one IIFE.
          if (!/^\(\(\)=>\{[^]*\}\)\(\);?\s*$/.test(chunk.code)) this.error('loader.js must be one IIFE');
        }
      }
      const lazy = Object.values(bundle)
        .filter((output) => output.type === 'chunk' && !output.isEntry)
        .map((output) => (output.type === 'chunk' ? `${output.fileName} gzip ${kB(gzipSync(output.code).length)} kB` : ''));
      // Printed with the build's own summary (stdout), so CI logs keep it.
      process.stdout.write(
        `\nwidget size budget\n${lines.map((line) => `  ${line}\n`).join('')}` +
          (lazy.length > 0 ? `  lazily loaded (not counted): ${lazy.join(', ')}\n` : ''),
      );
    },
  };
}

/**
 * Writes `NAME.js.br` and `NAME.js.gz` beside every script, compressed once at build time with the slowest
 * settings, for the server to send to browsers that accept them (server/app.ts, `preCompressed`) instead of
 * the plain file: the budgets above are in compressed bytes, and so is what a customer's browser downloads.
 */
function precompress(): Plugin {
  return {
    name: 'openbook-precompress',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        const brotli = brotliCompressSync(output.code, {
          params: { [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: output.code.length },
        });
        this.emitFile({ type: 'asset', fileName: `${output.fileName}.br`, source: brotli });
        this.emitFile({ type: 'asset', fileName: `${output.fileName}.gz`, source: gzipSync(output.code, { level: 9 }) });
      }
    },
  };
}

function kB(bytes: number): string {
  return (bytes / 1000).toFixed(2);
}

/**
 * Builds the embeddable widget: `dist/widget/openbook-clv.js`, one ES module that vendors load with a single
 * script tag (Lit bundled in), `dist/widget/loader.js`, the classic async loader that injects it, and lazily
 * loaded chunks under `dist/widget/chunks/` that the main file imports by relative URL, so the whole folder
 * can be served from `/widget/` or a CDN.
 */
export default defineConfig({
  // The widget has no static assets: nothing to copy from public/.
  publicDir: false,
  plugins: [sizeBudget({ 'openbook-clv.js': MAIN_BUDGET_BYTES, 'loader.js': LOADER_BUDGET_BYTES }), precompress()],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    lib: {
      entry: { 'openbook-clv': 'widget/openbook-clv.ts', loader: 'widget/loader.ts' },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rolldownOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // In library mode Vite keeps whitespace and pure annotations in ES output, for bundlers that
        // re-bundle a library. These files go straight to browsers: minify them fully.
        minify: true,
        comments: { legal: false, annotation: false, jsdoc: false },
      },
    },
  },
});
