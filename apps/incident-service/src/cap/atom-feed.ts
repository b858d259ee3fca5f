import { createHash } from 'node:crypto';
import { hazardInfo } from '../hazards/hazards';
import type { IncidentState } from '../incidents/incident';
import { areaDescription, capIdentifier, capMsgType, type CapSender } from './cap-alert';
import { el, renderXml } from '@relief/exchange';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
export const ATOM_CONTENT_TYPE = 'application/atom+xml';

export interface FeedItem {
  incident: Readonly<IncidentState>;
  regionName: string;
}

/**
 * The current alerts as an Atom feed, the form CAP aggregators poll. One entry per incident (its
 * atom:id stays the same, atom:updated moves with each version), linking to the CAP message.
 */
export function renderAlertFeed(
  items: readonly FeedItem[],
  from: CapSender,
  /** `drills`: the operators' feed of exercises and tests (its own id, title and address). */
  options: { baseUrl: string; now: Date; drills?: boolean },
): string {
  const updated = items.reduce(
    (latest, { incident }) => (incident.updatedAt > latest ? incident.updatedAt : latest),
    new Date(0),
  );
  const feed = el(
    'feed',
    { xmlns: ATOM_NAMESPACE },
    el('id', stableUrn(`cap-feed:${from.sender}${options.drills ? ':drills' : ''}`)),
    el('title', `${options.drills ? 'Exercises and tests' : 'Current alerts'}: ${from.senderName}`),
    el('updated', (items.length > 0 ? updated : options.now).toISOString()),
    el('author', el('name', from.senderName)),
    el('link', {
      rel: 'self',
      type: ATOM_CONTENT_TYPE,
      href: `${options.baseUrl}/cap/${options.drills ? 'exercises' : 'alerts'}.atom`,
    }),
    ...items.map(({ incident, regionName }) => {
      const hazard = hazardInfo(incident.hazard);
      return el(
        'entry',
        el('id', `urn:uuid:${incident.id}`),
        el('title', incident.title),
        el('updated', incident.updatedAt.toISOString()),
        el('published', incident.reportedAt.toISOString()),
        el(
          'summary',
          `${capMsgType(incident)} ${capIdentifier(incident.reference, incident.version)}: ` +
            `${hazard.name}, ${areaDescription(incident, regionName)}. ` +
            `Severity ${incident.severity}, urgency ${incident.urgency}, status ${incident.status}.`,
        ),
        el('category', { term: hazard.capCategory }),
        // This version's message by its identifier: a stable address for what the entry says.
        el('link', {
          rel: 'alternate',
          type: 'application/cap+xml',
          href: `${options.baseUrl}/cap/alerts/${capIdentifier(incident.reference, incident.version)}`,
        }),
        // The incident's latest message, whatever version it is at.
        el('link', {
          rel: 'related',
          type: 'application/cap+xml',
          href: `${options.baseUrl}/incidents/${incident.id}/cap`,
        }),
      );
    }),
  );
  return renderXml(feed);
}

/** atom:id must be an absolute IRI that never changes: a name-based UUID of the sender. */
function stableUrn(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  // RFC 9562 version 5 layout: version nibble 5, variant bits 10.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
