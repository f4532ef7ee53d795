/** Paths of the two Temporal servers, from scripts/temporal-servers (which provisions them when missing). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/temporal-servers');

export function serverPath(which: 'dev' | 'test'): string {
  return execFileSync('bash', [SCRIPT, 'path', which], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}
