/** Bundles the workflow code once per test run (from the raw .ts sources, never Jest-transformed code). */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export const BUNDLE_ENV = 'ARSHJUL_TEST_WORKFLOW_BUNDLE';

export async function bundleWorkflowsToFile(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../../src/workflows/index.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  const file = path.join(tmpdir(), `arshjul-workflows-${process.pid}.js`);
  writeFileSync(file, code);
  return file;
}

export function workflowBundle(): { codePath: string } {
  const codePath = process.env[BUNDLE_ENV];
  if (!codePath)
    throw new Error(
      `${BUNDLE_ENV} is not set: run the tests through jest (globalSetup bundles the workflows)`,
    );
  return { codePath };
}
