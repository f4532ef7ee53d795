/**
 * A real browser for the pages' tests: Debian's Chromium driven by playwright-core (no browser download; CI
 * installs the `chromium` package). Screenshots go to ARSHJUL_SCREENSHOTS when set (docs/screenshots/ holds the
 * ones looked at for the notes), else to a temp folder; tests never compare them — people look at them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

function chromiumPath(): string {
  const given = process.env.CHROMIUM_PATH;
  if (given) return given;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error('Chromium is missing: apt-get install chromium (or set CHROMIUM_PATH)');
  }
}

export async function openBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

let folder: string | undefined;
/** Saves a full-page PNG named `name`; its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  folder ??= process.env.ARSHJUL_SCREENSHOTS ?? mkdtempSync(path.join(tmpdir(), 'arshjul-screenshots-'));
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
