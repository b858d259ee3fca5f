/**
 * Issue 19 through the console, in a real Chromium (the same world as the flood story):
 *   1. Someone affected, not signed in, opens the public form in Kazakh and sends feedback about
 *      the hygiene kit in Aktobe region; Aliya (operator) finds it in the Feedback list, in Kazakh,
 *      counted in the summary, and categorises it.
 *   2. Dana (UNICEF) records 400 hygiene kits in an Almaty Region warehouse; her map shows a stock
 *      badge on Almaty Region.
 *   3. Dana subscribes, through the subscriptions form, to feedback about the hygiene kit; the
 *      subscription names the feedback event types and the item.
 *   4. The ministry raises an international request for kits in Aktobe region (by API); Dana's
 *      board lists her stockpile as matching stock, with its distance, and she offers from it:
 *      the offer is published and the kits are reserved.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { AUTH_PATHS, signToken } from '@relief/local-infra';
import { eventually, newBrowserContext } from '@relief/testing';
import type { Page } from 'playwright-core';

import { ConsoleWorld, DANA_SUBSCRIBER, type Person } from './console-world';

const WORDS = 'Жинақта жаялық жоқ, сабын тым кішкентай';

describe('feedback, stock and offers from stock in the console (Chromium)', () => {
  let world: ConsoleWorld;
  let aliya: Person;
  let dana: Person;

  beforeAll(async () => {
    world = await ConsoleWorld.start();
  }, 300_000);

  afterAll(async () => {
    await world?.stop();
  }, 60_000);

  /** A service call as the ministry, with a token from the development key. */
  async function asMinistry(
    service: Parameters<ConsoleWorld['platform']['url']>[0],
    path: string,
    body: unknown,
  ): Promise<{ id: string }> {
    const token = await signToken(
      { role: 'operator', sub: 'op-aliya', issuer: world.platform.oidcIssuer(), ttl: '10m' },
      readFileSync(AUTH_PATHS.privateKey, 'utf8'),
    );
    return eventually(
      async () => {
        const response = await fetch(`${world.platform.url(service)}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify(body),
        });
        return response.status === 201 ? ((await response.json()) as { id: string }) : null;
      },
      (answer) => answer !== null,
      `POST ${path}`,
      { timeoutMs: 30_000, intervalMs: 1000 },
    ) as Promise<{ id: string }>;
  }

  it('the public form sends feedback in Kazakh without a sign-in', async () => {
    const context = await newBrowserContext(world.browser, { locale: 'en' });
    const page = await context.newPage();
    await page.goto(world.consoleUrl);
    await page.getByTestId('public-feedback-link').click({ timeout: 45_000 });
    await page.getByTestId('language-switch').selectOption('kk');
    await page.getByRole('heading', { name: 'Алған көмегіңіз туралы айтыңыз' }).waitFor();
    await page.getByLabel('Хабарламаңыз').fill(WORDS);
    await page.getByLabel('Өңір (міндетті емес)').selectOption('KZ-15');
    await page.getByLabel('Не туралы (міндетті емес)').selectOption('WASH-HYGIENE-KIT');
    await page.getByRole('button', { name: 'Жіберу' }).click();
    await page.getByTestId('feedback-sent').waitFor();
    expect(await page.getByTestId('feedback-sent').innerText()).toContain('Рахмет');
    await context.close();
  });

  it('an operator sees it in the Feedback list and summary, and categorises it', async () => {
    aliya = await world.signIn('aliya');
    const page = aliya.page;
    await page.getByTestId('nav-feedback').click();
    const row = page.locator('[data-testid="feedback-row"]', { hasText: WORDS });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-language')).toBe('kk');
    expect(await row.getAttribute('data-channel')).toBe('web');
    await page.getByTestId('feedback-phone-column').waitFor();
    const kit = page.locator('[data-testid="feedback-summary-item"][data-item="WASH-HYGIENE-KIT"]');
    expect(await kit.innerText()).toMatch(/responses: 1/);
    await row.getByTestId('feedback-category').selectOption('missing-item');
    await eventually(
      () => row.getAttribute('data-category'),
      (c) => c === 'missing-item',
      'the category saved',
    );
  });

  it('an agency records stock and sees the badge on the map', async () => {
    dana = await world.signIn('dana');
    const page = dana.page;
    await page.getByTestId('nav-stock').click();
    await page.getByTestId('stock-region').selectOption('KZ-19');
    await page.getByTestId('stock-warehouse').fill('UNICEF warehouse, Qonaev');
    await page.getByTestId('stock-item').selectOption('WASH-HYGIENE-KIT');
    await page.getByTestId('stock-quantity').fill('400');
    await page.getByTestId('stock-submit').click();
    const pile = page.locator('[data-testid="stockpile"][data-region="KZ-19"]');
    await pile.waitFor();
    expect(await pile.getByTestId('stock-available').innerText()).toMatch(/^400$/);
    await page.getByTestId('nav-map').click();
    const badge = page.getByTestId('map-stock-KZ-19');
    await badge.waitFor();
    expect(await badge.getAttribute('data-available')).toBe('400');
  });

  it('the agency subscribes through the form to feedback about the hygiene kit', async () => {
    const page = dana.page;
    await page.getByTestId('nav-subscriptions').click();
    const form = page.getByTestId('subscription-form');
    await form.waitFor({ timeout: 30_000 });
    await form.getByLabel('feedback received').check();
    await form.getByLabel('feedback categorised').check();
    await form.getByTestId('subscription-items').selectOption(['WASH-HYGIENE-KIT']);
    await form.getByTestId('subscription-submit').click();
    const card = page
      .getByTestId('subscription')
      .filter({ hasText: 'feedback received, feedback categorised' });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.locator('[data-field="itemCodes"]').innerText()).toBe(
      'Items: Sanitary and hygiene kit',
    );
    expect(await card.locator('[data-field="incidentIds"]').innerText()).toBe('Incidents: All');

    const admin = await signToken(
      {
        role: 'admin',
        sub: 'feedback-stock-check',
        issuer: world.platform.oidcIssuer(),
        ttl: '5m',
      },
      readFileSync(AUTH_PATHS.privateKey, 'utf8'),
    );
    const read = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${world.platform.url('notification-service')}${path}`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    };
    const subscribers = await read<{ items: { id: string; userId: string | null }[] }>(
      '/subscribers?limit=100',
    );
    const mine = subscribers.items.find((s) => s.userId === DANA_SUBSCRIBER.userId);
    const subscriptions = await read<Record<string, unknown>[]>(
      `/subscribers/${mine?.id}/subscriptions`,
    );
    const id = await card.getAttribute('data-subscription-id');
    const created = subscriptions.find((s) => s.id === id);
    expect(created).toMatchObject({
      eventTypes: ['feedback.received', 'feedback.categorised'],
      itemCodes: ['WASH-HYGIENE-KIT'],
      incidentIds: [],
      regions: [],
    });
  });

  it('the agency offers from its stock on a request, and the kits are reserved', async () => {
    const incident = await asMinistry('incident-service', '/incidents', {
      title: 'Spring flood on the Ilek river',
      hazard: 'FL',
      region: 'KZ-15',
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
    });
    const neededBy = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const request = await asMinistry('resource-request-service', '/requests', {
      incidentId: incident.id,
      item: { code: 'WASH-HYGIENE-KIT' },
      quantity: 300,
      priority: 'high',
      neededBy,
      location: { region: 'KZ-15' },
      scope: 'international',
    });
    const page: Page = dana.page;
    await page.getByTestId('nav-board').click();
    const card = page.locator(`[data-testid="board-request"][data-request-id="${request.id}"]`);
    await card.waitFor({ timeout: 45_000 });
    const match = card.locator('[data-testid="stock-match"]').first();
    await match.waitFor({ timeout: 30_000 });
    expect(await match.getByTestId('stock-match-distance').innerText()).toMatch(/km away/);
    expect(await match.getByTestId('stock-offer-quantity').inputValue()).toBe('300');
    await match.getByRole('button', { name: 'Offer from stock' }).click();
    await match.getByTestId('notice').waitFor({ timeout: 45_000 });
    await page
      .locator(`[data-testid="my-offer"][data-request-id="${request.id}"]`)
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-stock').click();
    const pile = page.locator('[data-testid="stockpile"][data-region="KZ-19"]');
    await eventually(
      async () => (await pile.getByTestId('stock-reserved').innerText()).trim(),
      (reserved) => reserved === '300',
      'the kits reserved for the offer',
    );
    expect(world.errors().filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});
