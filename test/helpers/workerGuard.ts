/**
 * After each test: no worker started for it may keep running (see ./workers.ts). A test that passed has stopped
 * its workers already, so this only acts after a failure or a timeout, and says so.
 */
import { stopWorkersLeftRunning } from './workers';

afterEach(async () => {
  const left = await stopWorkersLeftRunning();
  if (left.length > 0)
    console.error(`a worker outlived its test and was shut down (task queues: ${left.join(', ')})`);
});
