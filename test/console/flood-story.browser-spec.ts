/**
 * The flood story through the console, in a real Chromium: the four services, the OIDC provider
 * and the gateway as processes on the real Kafka and PostgreSQL, each person signing in through
 * the provider's login page in a browser profile of their own.
 *
 *   1. Aliya (duty operator) files a flood in Aktobe region, Severe, and asks for 400 hygiene kits
 *      (domestic).
 *   2. Dana (UNICEF) does not see the domestic request on the agency board.
 *   3. Aliya opens it to international partners, with a reason; Dana's board now lists it.
 *   4. Dana offers 300 kits, Aigerim (Red Crescent Society of Kazakhstan) 150.
 *   5. Bolat (logistics officer) accepts UNICEF's in part (250) and declines the Red Crescent's
 *      with a reason; Dana's board, open all along, shows the decision without a reload.
 *   6. The map shades Aktobe region.
 *   7. Dana, a subscriber for Aktobe region, reads in her own delivery ledger that the flood was
 *      sent to her.
 *   8. Saule (administrator) edits a partner that she changes meanwhile in another browser: her
 *      Save is refused, shows the partner as it is now, and overwrites nothing until she applies
 *      her change to the new version.
 *   9. Aliya cuts the kits request to 300; Saule opens the request's history and reads the cut,
 *      by Aliya, as 400 → 300.
 * Then every main screen in Kazakh and Russian (no English left); a sign-in by keyboard alone
 * (the console's welcome page and the provider's login page pass axe-core); axe-core and the
 * keyboard on every main screen, the administration's too; and no page of anyone logged an error.
 * UPDATE_SCREENSHOTS=1 writes the README's pictures (docs/screens/*.png) on the way.
 */
import {
  axeViolations,
  captureConsoleErrors,
  eventually,
  newBrowserContext,
  saveScreenshot,
} from '@relief/testing';
import type { Locator, Page } from 'playwright-core';

import { ConsoleWorld, EXPECTED_CONSOLE_ERRORS, type Person } from './console-world';
import { focused, tabTo } from './keyboard';
import { latinLeftovers } from './visible-text';

// Every run has databases of its own: the story's words need no suffix to be told apart.
const TITLE = 'Spring flood on the Ilek river';
const WIDEN_REASON = 'The Government asked its international partners for hygiene kits';
const DECLINE_REASON = 'The need is covered by UNICEF and the Government reserve';

/** The text a person sees in the locator now (waits until it is shown). */
async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor({ state: 'visible' });
  return (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits until the locator's visible text matches (live updates arrive a moment later). */
async function untilText(locator: Locator, pattern: RegExp, what: string, timeoutMs = 30_000) {
  return eventually(
    async () => ((await locator.count()) > 0 ? textOf(locator) : '(not shown)'),
    (text) => pattern.test(text),
    what,
    { timeoutMs, intervalMs: 300 },
  );
}

/**
 * Waits until the screen has stopped changing: its heading is shown, nothing says "Loading…"
 * and the visible text reads the same twice in a row. (Not Playwright's "networkidle": the live
 * updates keep a request open for as long as the page is.) Answers that text.
 */
async function settled(page: Page): Promise<string> {
  await page.locator('main h1').first().waitFor();
  let before = '';
  return eventually(
    async () => {
      await page.waitForTimeout(250);
      const now = await page.locator('body').innerText();
      const same = now === before;
      before = now;
      return same && !/Loading…|Жүктелуде…|Загрузка…/.test(now) ? now : '';
    },
    (text) => text !== '',
    'the screen to settle',
    { intervalMs: 50 },
  );
}

/** Marks the document, so a later check can tell that the page was never reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate('window.__storyMark = "kept"');
}
async function documentKept(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('window.__storyMark === "kept"');
}

describe('the flood story in the console (Chromium, OIDC sign-in, live updates)', () => {
  let world: ConsoleWorld;
  let aliya: Person;
  let dana: Person;
  let aigerim: Person;
  let bolat: Person;
  let saule: Person;
  let reference = '';
  let incidentUrl = '';

  const kitsOn = (page: Page) =>
    page.locator('[data-testid="request-card"][data-item="WASH-HYGIENE-KIT"]');
  const boardRow = (page: Page) =>
    page.locator(`[data-testid="board-request"][data-incident="${reference}"]`);

  beforeAll(async () => {
    world = await ConsoleWorld.start();
  }, 300_000);

  afterAll(async () => {
    await world?.stop();
  }, 60_000);

  it('an operator signs in through the provider and files a flood in Aktobe region', async () => {
    aliya = await world.signIn('aliya');
    const page = aliya.page;
    expect(await textOf(page.getByTestId('signed-in-as'))).toBe('Signed in as Aliya Nurlanovna');
    await page.getByRole('navigation').getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('link', { name: 'File an incident' }).click();
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Hazard').selectOption('FL');
    await page.getByLabel('Region').selectOption('KZ-15');
    await page.getByLabel('Severity').selectOption('Severe');
    await page.getByLabel('Urgency').selectOption('Immediate');
    await page.getByLabel('Certainty').selectOption('Observed');
    await page.getByLabel('Affected').fill('5400');
    await page.getByLabel('Evacuated').fill('2300');
    await page.getByRole('button', { name: 'Submit' }).click();

    const detail = page.getByTestId('incident-detail');
    expect(await textOf(detail.getByTestId('incident-title'))).toBe(TITLE);
    reference = await textOf(detail.getByTestId('incident-reference'));
    expect(reference).toMatch(/^FL-\d{4}-KZ-AKT-\d{4}$/);
    expect(await textOf(page.getByTestId('incident-region'))).toBe('Aktobe Region');
    expect(await textOf(page.getByTestId('incident-hazard'))).toMatch(/flood/i);
    expect(await textOf(page.getByTestId('figure-affected'))).toMatch(/^5[ ,\u00a0\u202f]?400$/);
    incidentUrl = page.url();
  });

  it('the operator raises a domestic request for 400 hygiene kits', async () => {
    const page = aliya.page;
    const form = page.getByTestId('raise-request-form');
    await form.getByLabel('Item').selectOption('WASH-HYGIENE-KIT');
    await form.getByLabel('Quantity').fill('400');
    await form.getByLabel('Scope').selectOption('domestic');
    await form
      .getByRole('button', { name: 'Raise a request' })
      .or(form.getByRole('button', { name: 'Submit' }))
      .first()
      .click();

    // resource-request-service accepts it once the incident has travelled there (Kafka).
    const kits = kitsOn(page);
    await untilText(kits, /Sanitary and hygiene kit/, 'the kits request on the incident', 45_000);
    expect(await textOf(kits.getByTestId('request-scope'))).toBe('domestic');
    expect(await textOf(kits.getByTestId('coverage-requested'))).toBe('400');
    expect(await textOf(kits.getByTestId('coverage-remaining'))).toBe('400');
  });

  it('UNICEF does not see the domestic request on its board', async () => {
    dana = await world.signIn('dana');
    await dana.page.getByRole('navigation').getByRole('link', { name: 'Agency board' }).click();
    expect(await textOf(dana.page.getByRole('heading', { name: /Requests open to/ }))).toBe(
      'Requests open to UNICEF',
    );
    // The board has loaded: its list answered (empty, or other requests), without this flood's.
    await eventually(
      async () =>
        (await dana.page.getByTestId('board-empty').count()) +
        (await dana.page.getByTestId('board-request').count()),
      (n) => n > 0,
      'UNICEF’s board loaded',
    );
    expect(await boardRow(dana.page).count()).toBe(0);
  });

  it('the operator widens the scope to international with a reason; UNICEF’s board then lists it', async () => {
    const page = aliya.page;
    const kits = kitsOn(page);
    await kits.getByRole('button', { name: 'Open to international partners' }).click();
    await kits.getByLabel('Reason').fill(WIDEN_REASON);
    await kits.getByRole('button', { name: 'Submit' }).click();
    await untilText(kits.getByTestId('request-scope'), /^international$/, 'the kits widened');

    // Dana's open board learns it live (request.scope-changed reaches partner-offer-service,
    // then her browser by Server-Sent Events).
    await untilText(
      boardRow(dana.page),
      /Sanitary and hygiene kit/,
      'the kits on UNICEF’s board',
      45_000,
    );
    expect(await textOf(boardRow(dana.page).getByTestId('board-available'))).toBe('400');
  });

  it('UNICEF and the Red Crescent each offer kits', async () => {
    const offer = async (person: Person, quantity: number) => {
      const row = boardRow(person.page);
      await row.getByLabel('Quantity').fill(String(quantity));
      await row.getByRole('button', { name: 'Offer' }).click();
      const mine = person.page.getByTestId('my-offer').filter({
        has: person.page.getByTestId('offer-quantity').getByText(String(quantity), { exact: true }),
      });
      await untilText(
        mine.getByTestId('offer-status'),
        /^published$/,
        `${person.key}'s offer of ${quantity}`,
      );
    };
    await offer(dana, 300);

    aigerim = await world.signIn('aigerim');
    await aigerim.page.getByRole('navigation').getByRole('link', { name: 'Agency board' }).click();
    await untilText(
      boardRow(aigerim.page),
      /Sanitary and hygiene kit/,
      'the kits on the Red Crescent’s board',
    );
    await offer(aigerim, 150);
  });

  it('the ministry accepts UNICEF’s in part and declines the Red Crescent’s; UNICEF’s open board shows it live', async () => {
    await markDocument(dana.page);
    expect(await dana.page.getByTestId('live-status').getAttribute('data-connected')).toBe('true');
    bolat = await world.signIn('bolat');
    const page = bolat.page;
    await page.getByRole('navigation').getByRole('link', { name: 'Offers inbox' }).click();
    const unicef = page.locator('[data-testid="inbox-offer"][data-partner="UNICEF"]');
    const rcs = page.locator('[data-testid="inbox-offer"][data-partner="RCS-KZ"]');
    await untilText(unicef.getByTestId('offer-quantity'), /^300$/, 'UNICEF’s offer in the inbox');
    await untilText(
      rcs.getByTestId('offer-quantity'),
      /^150$/,
      'the Red Crescent’s offer in the inbox',
    );
    await saveScreenshot(page, 'offers-inbox');

    await unicef.getByRole('button', { name: 'Accept in part' }).click();
    await unicef.getByLabel('Quantity').fill('250');
    await unicef.getByTestId('offer-accept-part-submit').click();
    await untilText(unicef.getByTestId('offer-status'), /^accepted$/, 'UNICEF’s offer accepted');
    expect(await textOf(unicef)).toMatch(/Accepted: 250/);

    await rcs.getByRole('button', { name: 'Decline' }).click();
    await rcs.getByLabel('Reason').fill(DECLINE_REASON);
    await rcs.getByTestId('offer-decline-submit').click();
    await untilText(
      rcs.getByTestId('offer-status'),
      /^declined$/,
      'the Red Crescent’s offer declined',
    );
    expect(await textOf(rcs.getByTestId('offer-reason'))).toContain(DECLINE_REASON);

    // The agency's screen, open since it offered, changes by itself: no reload, no click.
    const mine = dana.page.locator('[data-testid="my-offer"]');
    await untilText(
      mine.getByTestId('offer-status'),
      /^accepted$/,
      'UNICEF’s own board shows the acceptance',
    );
    expect(await textOf(mine)).toMatch(/Accepted: 250/);
    expect(await documentKept(dana.page)).toBe(true);

    // The coverage moved: 250 of 400 pledged, 150 remaining.
    await untilText(
      boardRow(dana.page).getByTestId('coverage-pledged'),
      /^250$/,
      'the kits pledged 250 on UNICEF’s board',
    );
    expect(await textOf(boardRow(dana.page).getByTestId('coverage-remaining'))).toBe('150');
    await saveScreenshot(dana.page, 'agency-board', { fullPage: true });

    // The incident as the operator sees it now: the request's bar shows 250 of 400 pledged.
    await aliya.page.goto(incidentUrl);
    const kits = kitsOn(aliya.page);
    await untilText(
      kits.getByTestId('coverage-pledged'),
      /^250$/,
      'the kits pledged 250 on the incident',
    );
    expect(await textOf(kits.getByTestId('request-status'))).toBe('partially pledged');
    await saveScreenshot(aliya.page, 'incident', { fullPage: true });
  });

  it('the situation map shades Aktobe region by its Severe flood', async () => {
    const page = aliya.page;
    await page.getByRole('navigation').getByRole('link', { name: 'Situation map' }).click();
    const aktobe = page.getByTestId('map-region-KZ-15');
    await eventually(
      () => aktobe.getAttribute('data-severity'),
      (severity) => severity === 'Severe',
      'Aktobe shaded Severe',
    );
    expect(await aktobe.getAttribute('aria-label')).toMatch(
      new RegExp(`Aktobe Region: .*${reference}`),
    );
    // Kostanay region (KZ-39) has no incident in this run: it keeps the calm shade.
    expect(await page.getByTestId('map-region-KZ-39').getAttribute('data-severity')).toBe('none');
    const fill = (code: string) =>
      page
        .locator(
          `[data-testid="map-region-${code}"] rect, [data-testid="map-region-${code}"] circle`,
        )
        .first()
        .getAttribute('fill');
    expect(await fill('KZ-15')).not.toBe(await fill('KZ-39'));
    await saveScreenshot(page, 'map');
    // A click on the region opens its incident.
    await aktobe.click();
    expect(await textOf(page.getByTestId('incident-reference'))).toBe(reference);
  });

  it('Dana (UNICEF), a subscriber for Aktobe region, reads on the subscriptions screen that the flood was sent to her', async () => {
    const page = dana.page;
    await page.getByTestId('nav-subscriptions').click();
    expect(await textOf(page.getByTestId('my-subscriber'))).toContain('Dana (UNICEF)');
    const ledger = page.getByTestId('delivery-ledger');
    await ledger.waitFor();
    // The planner adds the row when its consumer reads the incident: should the screen have
    // asked before that, it asks again when opened anew.
    const row = ledger
      .getByTestId('ledger-row')
      .filter({ has: page.locator('[data-event-type="incident.reported"]') });
    await eventually(
      async () => {
        if ((await row.count()) === 0) {
          await page.getByTestId('nav-board').click();
          await page.getByTestId('nav-subscriptions').click();
          await ledger.waitFor();
        }
        return row.count();
      },
      (count) => count > 0,
      'the flood in Dana’s ledger',
      { timeoutMs: 30_000, intervalMs: 2_000 },
    );
    const cells = (await row.first().locator('td').allInnerTexts()).map((c) => c.trim());
    // Sent, channel, event, subject, status: the date in the locale, codes in words.
    expect(cells[0]).toMatch(/^\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}$/);
    expect(cells[1]).toBe('email');
    expect(cells[2]).toBe('incident reported');
    expect(cells[4]).toMatch(/^(waiting to be sent|being sent|sent|failed|in doubt: .*)/);
  });

  it('an administrator’s stale partner edit shows the partner as it is now and overwrites nothing', async () => {
    const RENAMED = 'Asian Development Bank, Almaty office';
    const adb = (page: Page) => page.locator('[data-testid="partner-row"][data-code="ADB"]');
    const openEdit = async (page: Page) => {
      await page.getByTestId('nav-admin').click();
      await adb(page).getByRole('button', { name: 'Edit partner ADB' }).click();
      await page.getByRole('heading', { name: 'Edit partner ADB' }).waitFor();
    };
    saule = await world.signIn('saule');
    const elsewhere = await world.signIn('saule');
    // Saule opens ADB's edit; meanwhile, in another browser, its phone number is set.
    await openEdit(saule.page);
    await openEdit(elsewhere.page);
    await elsewhere.page.getByLabel('Contact phone').fill('+7 717 200 0001');
    await elsewhere.page.getByTestId('partner-submit').click();
    await untilText(adb(elsewhere.page), /\+77172000001/, 'the phone saved in the other browser');

    // Her Save, based on the older version, is refused: she sees the partner as it is now.
    const form = saule.page.getByTestId('partner-form');
    await form.getByLabel('Name').fill(RENAMED);
    await form.getByTestId('partner-submit').click();
    const notice = form.getByTestId('stale-notice');
    await untilText(notice, /^Changed by someone else/, 'the stale notice');
    const facts = await textOf(notice.getByTestId('stale-facts'));
    expect(facts).toContain('Name: Asian Development Bank ·');
    expect(facts).toContain('Contact phone: +77172000001');
    expect(await textOf(notice.getByTestId('stale-changed'))).toBe('They changed: Contact phone.');
    // Her typing is kept, and Save waits for her choice.
    expect(await form.getByLabel('Name').inputValue()).toBe(RENAMED);
    expect(await form.getByTestId('partner-submit').isDisabled()).toBe(true);
    // Nothing was overwritten.
    await elsewhere.page.reload();
    expect(await textOf(adb(elsewhere.page).getByTestId('partner-name-cell'))).toBe(
      'Asian Development Bank',
    );
    expect(await textOf(adb(elsewhere.page))).toContain('+77172000001');

    // She applies her change to the new version, explicitly: her name goes, the phone stays.
    await notice.getByRole('button', { name: /^Apply my changes to version \d+$/ }).click();
    await untilText(
      adb(saule.page).getByTestId('partner-name-cell'),
      /^Asian Development Bank, Almaty office$/,
      'ADB renamed',
    );
    expect(await textOf(adb(saule.page))).toContain('+77172000001');
    await elsewhere.context.close();
  });

  it('an administrator opens the kits request’s history and sees the operator’s quantity change', async () => {
    // Aliya cuts the kits request to 300 (250 of them are pledged).
    await aliya.page.goto(incidentUrl);
    const cut = kitsOn(aliya.page);
    await cut.getByRole('button', { name: 'Change quantity' }).click();
    await cut.getByLabel('Quantity').fill('300');
    await cut.getByRole('button', { name: 'Submit' }).click();
    await untilText(cut.getByTestId('coverage-requested'), /^300$/, 'the kits cut to 300');

    // Saule opens the request's history: the cut, by Aliya, as 400 → 300.
    const page = saule.page;
    await page.goto(incidentUrl);
    const history = kitsOn(page).getByTestId('history');
    await history
      .getByRole('button', { name: 'History of Sanitary and hygiene kit' })
      .click({ timeout: 30_000 });
    // (The cut also changes the coverage: a second entry says "Requested: 400 → 300".)
    const entry = history.getByTestId('history-entry').filter({ hasText: 'Quantity: 400 → 300' });
    await untilText(entry, /Quantity: 400 → 300/, 'the quantity change in the history');
    expect(await textOf(entry.getByTestId('history-actor'))).toBe('aliya · operator');
    expect(await textOf(entry.getByTestId('history-action'))).toMatch(
      /^(request changed|quantity changed)$/,
    );
    // The request was raised before: the oldest entry of the (newest first) list.
    expect(await history.getByTestId('history-entry').last().getAttribute('data-action')).toBe(
      'request.raised',
    );
    // An operator has no History button (and never calls the audit endpoint).
    expect(await kitsOn(aliya.page).getByTestId('history').count()).toBe(0);
  });

  describe('every main screen', () => {
    /** The main navigation's links, by test hook; each screen shows its h1 when loaded. */
    const SCREENS = ['nav-map', 'nav-incidents', 'nav-inbox', 'nav-subscriptions'] as const;

    const open = async (page: Page, hook: string) => {
      await page.getByTestId(hook).click();
      return settled(page);
    };

    it('speak Kazakh and Russian with no English left over', async () => {
      // What may stay Latin: what the people of the story typed, their names, and the partners'
      // names as the registry holds them.
      const allow = [
        TITLE,
        WIDEN_REASON,
        DECLINE_REASON,
        'Bolat Seitkali',
        'Dana',
        'Red Crescent Society of Kazakhstan',
        "United Nations Children's Fund",
      ];
      const leftovers: Record<string, string[]> = {};
      for (const language of ['kk', 'ru'] as const) {
        const person = await world.signIn('bolat', language);
        const page = person.page;
        await page.getByTestId('language-switch').selectOption(language);
        expect(await page.evaluate<string>('document.documentElement.lang')).toBe(language);
        const visits: [string, () => Promise<void>][] = [
          ...SCREENS.map((hook): [string, () => Promise<void>] => [
            hook,
            async () => {
              await open(page, hook);
            },
          ]),
          [
            'file an incident',
            async () => {
              await open(page, 'nav-incidents');
              await page.getByTestId('file-incident-link').click();
              await settled(page);
            },
          ],
          [
            'incident detail',
            async () => {
              await page.goto(incidentUrl);
              await page.getByTestId('incident-reference').waitFor();
              await settled(page);
            },
          ],
        ];
        for (const [name, visit] of visits) {
          await visit();
          const latin = latinLeftovers(await settled(page), allow);
          if (latin.length > 0) leftovers[`${language} ${name}`] = latin;
        }
        // Numbers in the locale: Kazakh and Russian group thousands with a space (5 400).
        expect(await textOf(page.getByTestId('figure-affected'))).toMatch(/^5\s400$/);
        if (language === 'kk') await saveScreenshot(page, 'incident-kk');
      }
      const board = await world.signIn('dana', 'ru');
      await board.page.getByTestId('language-switch').selectOption('ru');
      const latin = latinLeftovers(await open(board.page, 'nav-board'), allow);
      if (latin.length > 0) leftovers['ru agency board'] = latin;
      // The administration (partners registry, a partner's edit form, dead letters) as Saule sees
      // it: only the registry's own names and codes stay Latin (names first: "EU" is in "European").
      for (const language of ['kk', 'ru'] as const) {
        const page = saule.page;
        await page.getByTestId('language-switch').selectOption(language);
        await open(page, 'nav-admin');
        await page.locator('[data-testid="dead-letters"][data-status="success"]').waitFor();
        await page.getByTestId('partner-edit').first().click();
        const registry = [
          ...(await page.getByTestId('partner-name-cell').allInnerTexts()),
          ...(await page.getByTestId('partner-code-cell').allInnerTexts()),
        ].map((text) => text.trim());
        const leftover = latinLeftovers(await settled(page), [...allow, 'Saule', ...registry]);
        if (leftover.length > 0) leftovers[`${language} administration`] = leftover;
      }
      await saule.page.getByTestId('language-switch').selectOption('en');
      expect(leftovers).toEqual({});
    });

    it('sign-in works from the keyboard alone, and its two pages pass axe-core', async () => {
      const context = await newBrowserContext(world.browser);
      try {
        const page = await context.newPage();
        const errors = captureConsoleErrors(page, EXPECTED_CONSOLE_ERRORS);
        await page.goto(world.consoleUrl);
        await page.getByTestId('welcome').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        const signIn = await tabTo(page, /^Sign in$/);
        expect(signIn.visibleFocus).toBe(true);
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.origin === world.platform.oidcIssuer());
        expect(await axeViolations(page)).toEqual([]);
        const account = await tabTo(page, /^Sign in as saule —/);
        expect(account).toMatchObject({ tag: 'button', visibleFocus: true });
        await page.keyboard.press('Enter');
        await untilText(page.getByTestId('signed-in-as'), /Saule/, 'Saule signed in');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('have no serious or critical axe-core violations, and the keyboard reaches and opens each', async () => {
      const page = bolat.page;
      const found: Record<string, string[]> = {};
      const check = async (name: string, on: Page) => {
        const violations = await axeViolations(on);
        if (violations.length > 0) {
          found[name] = violations.map((v) => `${v.id} (${v.help}): ${v.targets.join(', ')}`);
        }
      };
      for (const hook of SCREENS) {
        await open(page, hook);
        await check(hook, page);
      }
      await page.goto(incidentUrl);
      await page.getByTestId('incident-reference').waitFor();
      await check('incident detail', page);
      await open(page, 'nav-incidents');
      await page.getByTestId('file-incident-link').click();
      await check('file an incident', page);
      await open(dana.page, 'nav-board');
      await check('agency board', dana.page);
      await open(saule.page, 'nav-admin');
      await saule.page.locator('[data-testid="dead-letters"][data-status="success"]').waitFor();
      await check('administration', saule.page);
      await saule.page.getByTestId('partner-edit').first().click();
      await check('administration, editing a partner', saule.page);
      expect(found).toEqual({});

      // From the top of the page: Tab to each main link, see its focus ring, Enter opens it.
      const names = {
        'nav-map': /Situation map/,
        'nav-incidents': /^Incidents$/,
        'nav-inbox': /Offers inbox/,
        'nav-subscriptions': /Subscriptions/,
      };
      for (const hook of ['nav-incidents', 'nav-inbox', 'nav-subscriptions', 'nav-map'] as const) {
        await page.goto(`${world.consoleUrl}/`);
        await page.locator('main h1').first().waitFor();
        const reached = await tabTo(page, names[hook]);
        expect({ hook, visibleFocus: reached.visibleFocus }).toEqual({ hook, visibleFocus: true });
        await page.keyboard.press('Enter');
        await eventually(
          () => page.getByTestId(hook).getAttribute('aria-current'),
          (current) => current === 'page',
          `${hook} opened with Enter`,
        );
      }
      // The map's shaded region is a link the keyboard reaches; Enter opens its incident.
      const region = await tabTo(page, /^Aktobe Region: /);
      expect(region.visibleFocus).toBe(true);
      await page.keyboard.press('Enter');
      expect(await textOf(page.getByTestId('incident-reference'))).toBe(reference);
      // On the incident, the request's actions are buttons with their names.
      const button = await tabTo(page, /Back to domestic|Change quantity/);
      expect(button.tag).toBe('button');
      expect((await focused(page))?.visibleFocus).toBe(true);

      // The administration: Tab reaches its link, then a partner's Edit button; Enter opens the
      // partner's form, whose first field the keyboard reaches next.
      const admin = saule.page;
      await admin.goto(`${world.consoleUrl}/`);
      await admin.locator('main h1').first().waitFor();
      const link = await tabTo(admin, /^Administration$/);
      expect(link.visibleFocus).toBe(true);
      await admin.keyboard.press('Enter');
      await eventually(
        () => admin.getByTestId('nav-admin').getAttribute('aria-current'),
        (current) => current === 'page',
        'the administration opened with Enter',
      );
      const edit = await tabTo(admin, /^Edit partner UNICEF$/);
      expect(edit).toMatchObject({ tag: 'button', visibleFocus: true });
      await admin.keyboard.press('Enter');
      await admin.getByRole('heading', { name: 'Edit partner UNICEF' }).waitFor();
      const name = await tabTo(admin, /^Name$/);
      expect(name).toMatchObject({ tag: 'input', visibleFocus: true });
    });

    it('no page of anyone reported an error, all along', () => {
      expect(world.errors()).toEqual([]);
    });
  });
});
