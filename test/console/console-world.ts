/**
 * The console's browser tests' world: the four services, the OIDC provider and the console gateway
 * (libs/testing's Platform) on the real Kafka and PostgreSQL of the jest global setup, one Chromium,
 * and a browser profile per person who signs in through the provider's login page.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { AUTH_PATHS, signToken } from '@relief/local-infra';
import {
  captureConsoleErrors,
  launchChromium,
  newBrowserContext,
  Platform,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type ConsoleLanguage,
} from '@relief/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The development accounts the story uses (libs/local-infra/src/oidc/dev-accounts.ts). */
export const PEOPLE = {
  aliya: { username: 'aliya', name: 'Aliya Nurlanovna' },
  bolat: { username: 'bolat', name: 'Bolat Seitkali' },
  dana: { username: 'dana', name: 'Dana' },
  aigerim: { username: 'aigerim', name: 'Aigerim' },
  saule: { username: 'saule', name: 'Saule' },
} as const;
export type PersonKey = keyof typeof PEOPLE;

/** Someone at their own computer: a browser profile of their own, signed in, one tab. */
export interface Person {
  key: PersonKey;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the tab (asserted empty at the end). */
  errors: string[];
}

const ROOT = join(__dirname, '..', '..');
const WEB_SOURCES = join(ROOT, 'apps', 'console', 'web');
const WEB_BUILT = join(ROOT, 'dist', 'apps', 'console-web', 'index.html');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((entry) => entry !== 'node_modules' && entry !== 'generated')
    .reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), stat.mtimeMs);
}

/** The SPA the gateway serves, rebuilt (`npm run build:console-web`) when a source is newer. */
export function ensureConsoleWebBuilt(): void {
  if (existsSync(WEB_BUILT) && statSync(WEB_BUILT).mtimeMs >= newest(WEB_SOURCES)) return;
  const result = spawnSync('npm', ['run', '-s', 'build:console-web'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm run build:console-web failed (${result.status})`);
}

/**
 * Dana (UNICEF) is a subscriber of her own, linked to her account (`userId` is her `sub`), for
 * Aktobe region: the story's flood is told to her, and she reads that on the subscriptions screen.
 */
export const DANA_SUBSCRIBER = {
  name: 'Dana',
  organisation: 'UNICEF',
  email: 'dana@unicef.example.org',
  language: 'en',
  channels: ['email'],
  userId: PEOPLE.dana.username,
} as const;

/** Registers DANA_SUBSCRIBER and her subscription, as an administrator would. */
async function seedSubscribers(platform: Platform): Promise<void> {
  const admin = await signToken(
    { role: 'admin', sub: 'console-world-seed', issuer: platform.oidcIssuer(), ttl: '10m' },
    readFileSync(AUTH_PATHS.privateKey, 'utf8'),
  );
  const post = async (path: string, body: unknown): Promise<{ id: string }> => {
    const response = await fetch(`${platform.url('notification-service')}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) {
      throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as { id: string };
  };
  const dana = await post('/subscribers', DANA_SUBSCRIBER);
  await post(`/subscribers/${dana.id}/subscriptions`, { regions: ['KZ-15'] });
}

/**
 * Console errors that are no fault: the development provider's login page has no icon (nobody sees
 * that 404), and the subscriptions screen asks whether the user has a subscriber record of their
 * own (404: not yet; Chromium logs every 4xx answer to fetch as an error).
 */
export const EXPECTED_CONSOLE_ERRORS: readonly RegExp[] = [
  /favicon\.ico/,
  /status of 404 .*\/api\/notification\/subscribers\/me\]/,
  // The story's two administrators edit one partner at once: the later Save is refused (412).
  /status of 412 .*\/api\/offer\/partners\/ADB\]/,
];

export class ConsoleWorld {
  private readonly people: Person[] = [];

  private constructor(
    readonly platform: Platform,
    readonly browser: Browser,
    readonly consoleUrl: string,
  ) {}

  static async start(): Promise<ConsoleWorld> {
    ensureConsoleWebBuilt();
    const runId = uniqueTopicPrefix().replace(/\W/g, '');
    const browser = await launchChromium();
    let platform: Platform | undefined;
    try {
      platform = await Platform.start({
        adminUrl: testDatabaseAdminUrl(),
        brokers: testKafkaBrokers().join(','),
        runId,
        env: {},
        oidc: true,
        console: true,
        logDir: join(__dirname, '..', '..', '.local', 'test-logs', runId),
      });
      await seedSubscribers(platform);
      return new ConsoleWorld(platform, browser, platform.consoleUrl());
    } catch (error) {
      await platform?.stop();
      await browser.close();
      throw error;
    }
  }

  /**
   * Opens the console in a fresh profile, follows "Sign in" to the provider's login page, picks
   * the person's account there (its button, as a person would) and waits until the console says
   * who is signed in.
   */
  async signIn(key: PersonKey, locale: ConsoleLanguage = 'en'): Promise<Person> {
    const context = await newBrowserContext(this.browser, { locale });
    const page = await context.newPage();
    const errors = captureConsoleErrors(page, EXPECTED_CONSOLE_ERRORS);
    await page.goto(this.consoleUrl);
    // Generous: on two shared cores the first load of the SPA may take a while.
    await page.getByTestId('sign-in').click({ timeout: 45_000 });
    await page.waitForURL((url) => url.origin === this.platform.oidcIssuer());
    const { username, name } = PEOPLE[key];
    await page.getByRole('button', { name: new RegExp(`^Sign in as ${username} —`) }).click();
    await page.waitForURL((url) => url.origin === new URL(this.consoleUrl).origin);
    await page.getByTestId('signed-in-as').filter({ hasText: name }).waitFor();
    const person = { key, context, page, errors };
    this.people.push(person);
    return person;
  }

  /** Every error any open tab reported. */
  errors(): string[] {
    return this.people.flatMap((p) => p.errors.map((e) => `${p.key}: ${e}`));
  }

  async stop(): Promise<void> {
    await Promise.all(this.people.map((p) => p.context.close().catch(() => undefined)));
    await this.browser.close().catch(() => undefined);
    await this.platform.stop();
    await this.platform.dropDatabases();
  }
}
