/**
 * `node --require ./scripts/ts-hook.cjs src/start.ts`: runs the TypeScript sources as `tsx` does (esbuild's
 * transform to CommonJS, JSX to Preact), at half its start-up cost. Measured on `npm start`'s imports: tsx spends
 * as much CPU as the code itself — its loader scans every JavaScript file of the packages for ES module syntax
 * and transforms in a separate loader thread — while this hook touches only .ts and .tsx files, keeps each
 * file's transform until the file changes, and lets V8 keep its compiled code (the compile cache), both under
 * node_modules/.cache/arshjul. Where that folder cannot be written it transforms without keeping anything.
 */
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules/.cache/arshjul');
const TRANSFORMS = path.join(CACHE, 'ts');

let esbuild;
const options = (filename) => ({
  loader: filename.endsWith('.tsx') ? 'tsx' : 'ts',
  format: 'cjs',
  target: 'node24',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'inline',
  sourcefile: filename,
});
// A change of esbuild or of the options above makes every kept transform stale.
const VERSION = `${require('esbuild/package.json').version} ${JSON.stringify(options('x.tsx'))}`;

let keep = true;
try {
  mkdirSync(TRANSFORMS, { recursive: true });
  Module.enableCompileCache?.(path.join(CACHE, 'v8'));
} catch {
  keep = false;
}

/** The transform of `filename`: the kept one while its source is unchanged, else a new one (then kept). */
function transform(filename) {
  const source = readFileSync(filename, 'utf8');
  const hash = createHash('sha256').update(VERSION).update('\0').update(source).digest('hex');
  // One file per source file, so that the folder does not grow with each edit.
  const kept = path.join(TRANSFORMS, `${createHash('sha256').update(filename).digest('hex')}.js`);
  const header = `// ${hash}\n`;
  if (keep) {
    try {
      const text = readFileSync(kept, 'utf8');
      if (text.startsWith(header)) return text.slice(header.length);
    } catch {
      // not kept yet
    }
  }
  esbuild ??= require('esbuild');
  const { code } = esbuild.transformSync(source, options(filename));
  if (keep) {
    try {
      const temporary = `${kept}.${process.pid}.tmp`;
      writeFileSync(temporary, header + code);
      renameSync(temporary, kept);
    } catch {
      keep = false;
    }
  }
  return code;
}

function compile(module, filename) {
  module._compile(transform(filename), filename);
}
Module._extensions['.ts'] = compile;
Module._extensions['.tsx'] = compile;
// Stack traces name the .ts files and their lines (the packages' own source maps are not read: a tenth of a second).
// In the main thread only. The other threads load no .ts file: the worker's workflow threads run the SDK and the
// workflow bundle, whose stack traces the SDK maps itself. There, Node's source maps would cost a scan of every
// function the SDK makes with `new Function` (three for each promise a workflow creates) for a source map comment:
// whatever `generatedCode` says, Node 24 scans generated code whenever its source maps are on.
if (require('node:worker_threads').isMainThread) {
  Module.setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });
}
