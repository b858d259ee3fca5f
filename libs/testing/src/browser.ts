/**
 * A real Chromium for the console's browser tests (test/console/*.browser-spec.ts), driven by
 * playwright-core through the system's browser: Debian's `chromium` package (156, the version
 * playwright-core 1.64 is built for), or CHROMIUM_PATH. Nothing is downloaded: never run
 * `playwright install`. playwright-core is loaded only when a browser is launched, so the other
 * tests importing @relief/testing do not pay for it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';

export type ConsoleLanguage = 'kk' | 'ru' | 'en';

/** The browser the tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Headless Chromium; without the sandbox only when running as root (CI), which Chromium requires. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  const { chromium } = await import('playwright-core');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath,
    headless: true,
    args: asRoot ? ['--no-sandbox'] : [],
  });
}

export interface ContextOptions {
  /** The browser's language (Accept-Language and navigator.language). */
  locale?: ConsoleLanguage;
  /** Cookies and local storage of an earlier sign-in (BrowserContext.storageState()). */
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>;
}

const LOCALE_TAGS: Record<ConsoleLanguage, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

/** A fresh browser profile, like another person's computer: own cookies, own storage. */
export async function newBrowserContext(
  browser: Browser,
  { locale = 'en', storageState }: ContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: LOCALE_TAGS[locale],
    viewport: { width: 1366, height: 860 },
    timezoneId: 'Asia/Almaty',
    storageState,
  });
  context.setDefaultTimeout(30_000);
  return context;
}

/**
 * Collects what the page reports as broken: console errors and uncaught exceptions. A test
 * asserts the list is empty at the end, so a screen that works only by accident fails.
 */
export function captureConsoleErrors(page: Page, ignore: readonly RegExp[] = []): string[] {
  const errors: string[] = [];
  const keep = (text: string) => {
    if (!ignore.some((pattern) => pattern.test(text))) errors.push(text);
  };
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') {
      const at = message.location().url;
      keep(`console: ${message.text()}${at ? ` [${at}]` : ''} (page ${page.url()})`);
    }
  });
  page.on('pageerror', (error) => keep(`uncaught: ${error.message} (${page.url()})`));
  return errors;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (injected into the page) on what the page shows now and answers the violations of
 * the given impacts (serious and critical unless said).
 */
export async function axeViolations(
  page: Page,
  impacts: readonly string[] = ['serious', 'critical'],
): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in globalThis);
  if (!hasAxe) await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    interface AxeResult {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    }
    const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter((v) => v.impact !== null && impacts.includes(v.impact));
}

/** Where the README's screenshots live. */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'docs', 'screens');

/**
 * Writes docs/screens/<name>.png when UPDATE_SCREENSHOTS=1 (the README shows them); otherwise
 * does nothing, so an ordinary test run leaves the committed pictures alone. Answers the path
 * written, if any.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  { fullPage = false }: { fullPage?: boolean } = {},
): Promise<string | undefined> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return undefined;
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage, animations: 'disabled', caret: 'hide' });
  return path;
}
