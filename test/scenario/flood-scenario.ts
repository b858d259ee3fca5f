/**
 * The spring floods of 2024 in Kazakhstan, played against a running platform over plain HTTP.
 *
 * Modelled on the UN preparedness meeting of 18 April 2024: floods in several regions; in Aktobe
 * region the Center, UNICEF and the Red Crescent Society of Kazakhstan supply 400 sanitary and
 * hygiene kits; at first "Kazakhstan is not requesting humanitarian assistance" (requests are
 * domestic and international partners are refused), later it does (the scope is widened).
 *
 * Given `phones` (a way to text the platform and read a phone's texts), it also plays issue 19
 * (flood-scenario.feedback-stock.ts) before the Aktobe incident closes: feedback from a resident,
 * a new kit version citing it, UNICEF's stock in Almaty region covering a new request.
 *
 * `runFloodScenario` is a sequence of named steps; a reporter hears each step and what happened
 * (the demo prints it, the e2e test collects it). It returns every id it created and the
 * notifications each stakeholder should have received, for the caller to check.
 */
import {
  closeAktobe,
  decide,
  deliver,
  dispatch,
  domesticOffers,
  internationalOffers,
  lateOffer,
  raiseRequests,
  refuseInternationalPartners,
  widenScope,
  withdrawPledge,
} from './flood-scenario.assistance';
import {
  FeedbackAndStock,
  type FeedbackStockResult,
  type ScenarioPhones,
} from './flood-scenario.feedback-stock';
import { fileIncidents, updateIncidents } from './flood-scenario.incidents';
import {
  awaitNotifications,
  expectedNotifications,
  registerSubscribers,
  type ExpectedNotification,
} from './flood-scenario.notifications';
import { type SubscriberKey } from './flood-scenario.cast';
import {
  ScenarioRun,
  type IncidentKey,
  type OfferKey,
  type Refusal,
  type RegisteredSubscriber,
  type RequestKey,
} from './flood-scenario.run';
import { type TokenMinter } from './scenario-http';

export interface PlatformUrls {
  incidents: string;
  requests: string;
  offers: string;
  notifications: string;
}

export const LOCAL_URLS: PlatformUrls = {
  incidents: 'http://127.0.0.1:3001',
  requests: 'http://127.0.0.1:3002',
  offers: 'http://127.0.0.1:3003',
  notifications: 'http://127.0.0.1:3004',
};

export interface ScenarioReporter {
  /** A new step begins. */
  step(number: number, title: string): void;
  /** What happened in it, one line. */
  say(line: string): void;
}

export interface ScenarioOptions {
  urls: PlatformUrls;
  mintToken: TokenMinter;
  reporter: ScenarioReporter;
  /** Makes subscriber addresses unique, so the scenario can run twice on one platform. */
  runTag: string;
  /** Bound on each wait for something that travels through Kafka (default 60 s). */
  timeoutMs?: number;
  /** Send every POST this many times under one Idempotency-Key (default once; see Http). */
  sendsPerPost?: number;
  /** Texts to and from phones: when given, the feedback and stock steps are played too. */
  phones?: ScenarioPhones;
}

export interface ScenarioResult {
  runTag: string;
  incidents: Record<IncidentKey, { id: string; reference: string }>;
  requests: Record<RequestKey, { id: string; itemName: string }>;
  offers: Record<OfferKey, { id: string }>;
  subscribers: Record<SubscriberKey, RegisteredSubscriber>;
  refusals: Refusal[];
  /** When the ministry opened the kits request to international partners. */
  scopeWidenedAt: string;
  expected: ExpectedNotification[];
  /** POSTs answered from the idempotency store when sent again (sendsPerPost). */
  replayedPosts: number;
  /** What the feedback and stock steps created, when they were played. */
  feedbackAndStock: FeedbackStockResult | null;
}

/** The scenario; see the file comment. Throws ScenarioError naming the step that went wrong. */
export async function runFloodScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const run = new ScenarioRun(options);
  await run.step('The notification desk registers who must hear what', () =>
    registerSubscribers(run),
  );
  await run.step('Operators file the spring floods in three regions', () => fileIncidents(run));
  await run.step('Operators keep the incidents current', () => updateIncidents(run));
  await run.step('The ministry raises requests (domestic: no international call yet)', () =>
    raiseRequests(run),
  );
  await run.step('International partners offer, and are refused while the scope is domestic', () =>
    refuseInternationalPartners(run),
  );
  await run.step('The Red Crescent Society of Kazakhstan (domestic) offers', () =>
    domesticOffers(run),
  );
  await run.step(
    'The Government asks for international assistance: the kits request is widened',
    () => widenScope(run),
  );
  await run.step('UNICEF and the EU offer hygiene kits', () => internationalOffers(run));
  await run.step('The ministry decides: accepts some (one in part), declines another', () =>
    decide(run),
  );
  await run.step(
    'The Red Crescent pledges 6 more pumps, accepted, then withdraws them: coverage falls',
    () => withdrawPledge(run),
  );
  await run.step('Partners dispatch what was accepted', () => dispatch(run));
  await run.step('Deliveries arrive and are confirmed: the kits request is fulfilled', () =>
    deliver(run),
  );
  await run.step('The Red Crescent offers more pumps', () => lateOffer(run));
  const story = options.phones ? new FeedbackAndStock(run, options.phones) : null;
  if (story) {
    await run.step('A resident of Aktobe texts the platform: the hygiene kit has no nappies', () =>
      story.residentTexts(),
    );
    await run.step(
      'The ministry categorises the feedback; UNICEF reads it without her number',
      () => story.feedbackCategorised(),
    );
    await run.step('She sends STOP: no more SMS to her number', () => story.residentStops());
    await run.step(
      'A new kit version answers the feedback; UNICEF stocks 400 in Almaty region',
      () => story.newKitStocked(),
    );
    await run.step('A new Aktobe kits request is covered from the Almaty stock', () =>
      story.coveredFromStock(),
    );
  }
  await run.step('The water recedes: the Aktobe incident is contained, then closed', () =>
    closeAktobe(run),
  );
  if (story) {
    await run.step('After her STOP the resident hears of Aktobe by email only', () =>
      story.residentByEmailOnly(),
    );
  }
  await run.step('Every stakeholder has been told what concerns them', () =>
    awaitNotifications(run),
  );
  return {
    runTag: options.runTag,
    incidents: run.incidents,
    requests: run.requests,
    offers: run.offers,
    subscribers: run.subscribers,
    refusals: run.refusals,
    scopeWidenedAt: run.scopeWidenedAt,
    expected: expectedNotifications(run),
    replayedPosts: run.http.replayed,
    feedbackAndStock: story?.result ?? null,
  };
}
