import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';

const run = promisify(execFile);
const executablePath = '/usr/bin/chromium';

/** Installs Debian's chromium when it is missing (a clean CI machine), once. */
async function ensureChromium(): Promise<void> {
  if (existsSync(executablePath)) return;
  process.stderr.write(`${executablePath} is missing: installing Debian's chromium package\n`);
  const options = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 };
  await run('apt-get', ['update'], options);
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], options);
  if (!existsSync(executablePath))
    throw new Error(`apt-get installed chromium, but ${executablePath} is missing`);
}

/** Headless Debian chromium through playwright-core; close it when done. */
export async function launchChromium(): Promise<Browser> {
  await ensureChromium();
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

/** What a report looked like once drawn in the browser. */
export interface RenderedReport {
  /** Canvas ids with how many of their pixels are not transparent. */
  readonly canvases: Record<string, number>;
  readonly headings: string[];
  readonly emptyNotes: string[];
  readonly bestCells: string[];
  /** Console errors, page errors and every request the page made. */
  readonly problems: string[];
}

/** Loads `html` into a fresh page (no navigation, so any request at all is the page's own) and reads what it drew. */
export async function renderInBrowser(browser: Browser, html: string): Promise<RenderedReport> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => problems.push(`request: ${r.url()}`));
  try {
    await page.setContent(html, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    // A string, evaluated in the page: this package compiles without the DOM's types.
    const drawn = (await page.evaluate(`(() => {
      const canvases = {};
      for (const c of document.querySelectorAll('canvas')) {
        const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        canvases[c.id] = painted;
      }
      const texts = (selector) => Array.from(document.querySelectorAll(selector)).map((e) => e.textContent);
      return { canvases, headings: texts('h2'), emptyNotes: texts('.empty'), bestCells: texts('#best td') };
    })()`)) as Omit<RenderedReport, 'problems'>;
    return { ...drawn, problems };
  } finally {
    await page.close();
  }
}
