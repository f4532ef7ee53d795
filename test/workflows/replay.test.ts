/** Every recorded history replays against today's workflow code: no change breaks a running workflow. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/bundle';
import { HISTORIES_DIR } from '../helpers/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

it('has recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

it.each(files)('replays %s', async (file) => {
  const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
  await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, file);
});
