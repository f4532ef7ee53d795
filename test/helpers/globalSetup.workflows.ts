/** Before the workflow tests: provision the time-skipping test server and bundle the workflows once. */
import { BUNDLE_ENV, bundleWorkflowsToFile } from './bundle';
import { serverPath } from './servers';
import { TEST_SERVER_ENV } from './timeSkipping';

export default async function setup(): Promise<void> {
  process.env[TEST_SERVER_ENV] = serverPath('test');
  process.env[BUNDLE_ENV] ??= await bundleWorkflowsToFile();
}
