import { IsBoolean, IsIn, IsISO8601, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ISO_TIMESTAMP, Nullable } from '../validation';
import {
  INCIDENT_MODES,
  INCIDENT_REFERENCE_PATTERN,
  ITEM_CODE_PATTERN,
  type IncidentMode,
} from '../vocabulary';

/** How an affected person sent it: a text to the platform's number, or the public web form. */
export const FEEDBACK_CHANNELS = ['sms', 'web'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

/** Languages the platform detects and answers in. */
export const FEEDBACK_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type FeedbackLanguage = (typeof FEEDBACK_LANGUAGES)[number];

/** What an operator (or the keyword parser) says the feedback is about. */
export const FEEDBACK_CATEGORIES = ['missing-item', 'quality', 'quantity', 'other'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

/**
 * One piece of feedback from an affected person, as it stands. Never carries the sender's phone
 * number (personal data: it stays in notification-service, seen only by operators).
 */
export class FeedbackSnapshotV1 {
  @IsUUID()
  feedbackId: string;

  @IsIn(FEEDBACK_CHANNELS)
  channel: FeedbackChannel;

  @IsISO8601(ISO_TIMESTAMP)
  receivedAt: string;

  /** Detected from the text (or chosen on the web form). */
  @IsIn(FEEDBACK_LANGUAGES)
  language: FeedbackLanguage;

  /** The sender's own words, as sent: show them as typed, never as the platform's. */
  @IsString()
  @Length(1, 1000)
  text: string;

  /** ISO 3166-2 code of the sender's region, when it could be told. */
  @Nullable()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/)
  regionCode: string | null;

  /** The incident it was linked to (the newest active one of the region), if any. */
  @Nullable()
  @IsUUID()
  incidentId: string | null;

  @Nullable()
  @Matches(INCIDENT_REFERENCE_PATTERN)
  incidentReference: string | null;

  /** The catalogue item it is about (a keyword such as KIT, or a code typed directly). */
  @Nullable()
  @Matches(ITEM_CODE_PATTERN)
  itemCode: string | null;

  @Nullable()
  @IsIn(FEEDBACK_CATEGORIES)
  category: FeedbackCategory | null;

  /** The linked incident's mode (`actual`, `exercise`, `test`); null when none is linked. */
  @Nullable()
  @IsIn(INCIDENT_MODES)
  mode: IncidentMode | null;
}

/** Feedback from an affected person was stored (once per gateway message). */
export class FeedbackReceivedV1 extends FeedbackSnapshotV1 {}

/** An operator categorised feedback or marked it handled. */
export class FeedbackCategorisedV1 extends FeedbackSnapshotV1 {
  @IsBoolean()
  handled: boolean;

  /** The role of who categorised it (`operator`, `admin`), not their identity. */
  @IsString()
  @Length(1, 50)
  categorisedBy: string;
}
