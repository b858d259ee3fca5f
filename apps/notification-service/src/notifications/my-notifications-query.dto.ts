import { PickType } from '@nestjs/swagger';
import { ListNotificationsQuery } from './notification.dto';

/**
 * The caller's own ledger: the subscriber is always theirs, so only the channel and status
 * filters and the limit, validated as in ListNotificationsQuery (`subscriberId` is refused).
 */
export class MyNotificationsQuery extends PickType(ListNotificationsQuery, [
  'channel',
  'status',
  'limit',
] as const) {}
