import { hasRole, type AuthUser } from '@relief/auth';

/** What the gateway pushes to browsers: the envelope without its routing details. */
export interface ConsoleEvent {
  /** Increasing within one gateway process, and above an earlier one's: what Last-Event-ID names. */
  id: number;
  type: string;
  aggregateId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** The caller of the events stream, with what the partners registry says of its organisation. */
export interface EventViewer {
  user: AuthUser;
  /** An agency's partner origin; unknown counts as international (it sees less). */
  partnerOrigin?: 'domestic' | 'international';
}

function sameOrg(user: AuthUser, code: unknown): boolean {
  return (
    typeof code === 'string' &&
    user.org !== undefined &&
    code.trim().toUpperCase() === user.org.trim().toUpperCase()
  );
}

/**
 * Who sees which event, as the services' APIs decide who reads what: operators and admins see
 * everything; an agency sees incidents, the requests it may answer (an international partner
 * only international ones), its own organisation's offers and stock, and kit compositions (never
 * notifications or feedback); a user with no known role nothing.
 */
export function mayView(
  viewer: EventViewer,
  event: Pick<ConsoleEvent, 'type' | 'payload'>,
): boolean {
  const { user } = viewer;
  if (hasRole(user, 'operator', 'admin')) return true;
  if (!hasRole(user, 'agency')) return false;
  const aggregate = event.type.split('.')[0];
  const { payload } = event;
  switch (aggregate) {
    case 'incident':
      return true;
    case 'request': {
      // Events about an offer's acceptance name the partner, not the scope: own ones only.
      if (!('scope' in payload)) return sameOrg(user, payload.partnerCode);
      if (payload.scope === 'international') return true;
      return viewer.partnerOrigin === 'domestic';
    }
    case 'offer':
      return sameOrg(user, payload.partnerCode);
    case 'stock':
      // GET /stock shows a partner its own stockpiles only.
      return sameOrg(user, payload.ownerCode);
    case 'catalogue':
      // Kit compositions are readable by every role.
      return true;
    default:
      // Notifications, and feedback (an event cannot tell whether the agency delivered the item;
      // the agency's feedback screen reads GET /feedback, which can).
      return false;
  }
}
