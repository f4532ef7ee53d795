/**
 * The workflow bundle, built once per change of the code that goes into it. Bundling the workflows (webpack over
 * the sources) costs seconds at every start; the bundle is kept in a folder with a manifest of the source files
 * it was built from, and reused as long as every one of them, the lock file and the SDK are unchanged.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as TemporalWorker from '@temporalio/worker';
import { z } from '../domain/validering';

const ROOT = path.resolve(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, 'src/workflows/index.ts');
const CODE = 'workflows.js';
const MANIFEST = 'workflows.json';

const manifestSchema = z.object({ key: z.string(), files: z.array(z.string()) });

export interface CachedBundle {
  codePath: string;
  /** False when the bundle was reused. */
  built: boolean;
}

/** The bundle in `dir`, built when missing or when its sources changed. */
export async function cachedWorkflowBundle(dir: string): Promise<CachedBundle> {
  const codePath = path.join(dir, CODE);
  const manifest = readManifest(path.join(dir, MANIFEST));
  if (manifest && manifest.key !== '' && manifest.key === keyOf(manifest.files))
    return { codePath, built: false };

  // The bundler (webpack) only when there is something to bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { bundleWorkflowCode } = require('@temporalio/worker') as typeof TemporalWorker;
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS,
    // Module names relative to the root, whatever the working directory.
    webpackConfigHook: (config) => ({ ...config, context: ROOT }),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  const files = sourcesOf(code);
  mkdirSync(dir, { recursive: true });
  writeAtomically(codePath, code);
  writeAtomically(path.join(dir, MANIFEST), JSON.stringify({ key: keyOf(files), files }));
  return { codePath, built: true };
}

/**
 * The project's own files in a bundle: webpack names each module by its path relative to the root
 * (`"./src/workflows/uppgift.ts"`); the packages' files are covered by the lock file instead.
 */
export function sourcesOf(code: string): string[] {
  const files = new Set<string>();
  for (const match of code.matchAll(/"\.\/(src\/[^"]+\.tsx?)"/g)) files.add(match[1]!);
  return [...files].sort();
}

/** A hash of the files (relative to the root), the lock file and the SDK's version; '' when one is missing. */
function keyOf(files: string[]): string {
  const hash = createHash('sha256');
  try {
    for (const file of [...files, 'package-lock.json', 'node_modules/@temporalio/worker/package.json']) {
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(path.join(ROOT, file)))
        .update('\0');
    }
  } catch {
    return '';
  }
  return hash.digest('hex');
}

function readManifest(file: string): z.infer<typeof manifestSchema> | undefined {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success && parsed.data.files.length > 0 ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Never a half-written file for a concurrent start to read. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}
