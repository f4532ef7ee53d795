/** Runs each step of a suite's teardown on its own, so that one failure never leaves a process or a schema behind. */
export async function stopEach(
  label: string,
  steps: [what: string, step: () => Promise<unknown> | undefined][],
): Promise<void> {
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      console.error(`[${label}] stopping the ${what} failed:`, error);
    }
  }
}
