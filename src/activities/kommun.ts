/** The kommun an activity's input names, from the configs the worker loaded; no retry can add one that is missing. */
import { ApplicationFailure } from '@temporalio/common';
import type { KommunConfig } from '../domain/kommun';

export function kommunOf(kommuner: Map<string, KommunConfig>, id: string): KommunConfig {
  const config = kommuner.get(id);
  if (!config) {
    throw ApplicationFailure.create({
      type: 'OkandKommun',
      message: `unknown kommun "${id}" (configured: ${[...kommuner.keys()].join(', ')})`,
      nonRetryable: true,
    });
  }
  return config;
}
