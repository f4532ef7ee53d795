/**
 * Per-layer test timeouts (Jest's `testTimeout` is a global option): every project runs this file after its
 * environment is set up, and the test file's folder says which layer it is.
 */
const BY_LAYER: Record<string, number> = {
  unit: 30_000,
  workflows: 120_000,
  integration: 180_000,
  cluster: 300_000,
};

const layer = /[\\/]test[\\/](unit|workflows|integration|cluster)[\\/]/.exec(
  expect.getState().testPath ?? '',
)?.[1];
jest.setTimeout(BY_LAYER[layer ?? 'unit'] ?? 30_000);
