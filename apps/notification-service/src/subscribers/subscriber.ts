import {
  NOTIFICATION_CHANNELS,
  SEVERITIES,
  type NotificationChannel,
  type Severity,
} from '@relief/contracts';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { NotificationException } from '../notifications/notification.exception';

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export { NOTIFICATION_CHANNELS, type NotificationChannel };

/** The ministry's own staff subscribe with organisation `ministry`; partners with their code. */
export const MINISTRY = 'ministry';

export interface SubscriberProps {
  id: string;
  name: string;
  organisation: string;
  email: string | null;
  phone: string | null;
  language: Language;
  channels: NotificationChannel[];
  /** Identity-provider subject allowed to manage this subscriber's own preferences. */
  userId: string | null;
}

export interface SubscriptionProps {
  id: string;
  subscriberId: string;
  /** Empty: every event type. */
  eventTypes: string[];
  /** Empty: every region. */
  regions: string[];
  /** Empty: every hazard. */
  hazards: string[];
  /** Empty: about any incident. */
  incidentIds: string[];
  /** Empty: about any catalogue item. */
  itemCodes: string[];
  /** Null: any severity (Unknown included). */
  minSeverity: Severity | null;
}

/** E.164 or nothing: SMS gateways reject anything else, and late is worse than at the API. */
export function normalisePhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed || !parsed.isValid() || parsed.number !== phone.replace(/[\s()-]/g, '')) {
    throw NotificationException.invalidField(
      'phone_invalid',
      'phone',
      'must be a valid E.164 number, e.g. +77012345678',
      `${phone} is not a valid E.164 number`,
    );
  }
  return parsed.number;
}

/** A channel is usable only with an address for it. */
export function checkChannels(s: Pick<SubscriberProps, 'channels' | 'email' | 'phone'>): void {
  if (s.channels.includes('email') && !s.email) {
    throw NotificationException.invalidField(
      'email_missing',
      'email',
      'required for the email channel',
      'the email channel needs an email',
    );
  }
  if (s.channels.includes('sms') && !s.phone) {
    throw NotificationException.invalidField(
      'phone_missing',
      'phone',
      'required for the sms channel',
      'the sms channel needs a phone',
    );
  }
}

/** CAP severities, most severe first; `Unknown` ranks below `Minor`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}
