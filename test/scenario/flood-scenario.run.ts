/**
 * One run of the flood scenario: what it has created so far (ids, versions, subscribers,
 * refusals), the HTTP client it calls with, and its steps, each named in any error.
 */
import { type PlatformUrls, type ScenarioOptions, type ScenarioReporter } from './flood-scenario';
import { type Channel, type Language, type SubscriberKey } from './flood-scenario.cast';
import { Http, ScenarioError } from './scenario-http';

export interface RegisteredSubscriber {
  key: SubscriberKey;
  id: string;
  name: string;
  language: Language;
  email: string;
  phone: string | null;
  channels: Channel[];
}

export type IncidentKey = 'aktobe' | 'west' | 'north';
export type RequestKey = 'kits' | 'pumps' | 'sandbags';
export type OfferKey =
  'rcsKits' | 'rcsPumps' | 'unicefKits' | 'euKits' | 'rcsSparePumps' | 'rcsMorePumps';

export interface Refusal {
  who: string;
  request: RequestKey;
  scope: string;
  status: number;
  code: string;
  at: string;
}

export class ScenarioRun {
  readonly http: Http;
  readonly urls: PlatformUrls;
  readonly report: ScenarioReporter;
  /** Bound on each wait for something that travels through Kafka. */
  readonly timeoutMs: number;
  private stepNumber = 0;
  private currentStep = '';

  readonly incidents = {} as Record<IncidentKey, { id: string; reference: string }>;
  /** The ETag of each incident, sent back as If-Match. */
  readonly incidentVersions = new Map<string, string>();
  readonly requests = {} as Record<RequestKey, { id: string; itemName: string }>;
  readonly offers = {} as Record<OfferKey, { id: string }>;
  readonly subscribers = {} as Record<SubscriberKey, RegisteredSubscriber>;
  readonly refusals: Refusal[] = [];
  /** When the ministry opened the kits request to international partners. */
  scopeWidenedAt = '';

  constructor(readonly options: ScenarioOptions) {
    this.http = new Http(options.mintToken, options.sendsPerPost);
    this.urls = options.urls;
    this.report = options.reporter;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Runs one step; an error names the step it happened in. */
  async step(title: string, work: () => Promise<void>): Promise<void> {
    this.stepNumber += 1;
    this.currentStep = `${this.stepNumber}. ${title}`;
    this.report.step(this.stepNumber, title);
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ScenarioError(`step ${this.currentStep} failed: ${message}`, { cause: error });
    }
  }
}
