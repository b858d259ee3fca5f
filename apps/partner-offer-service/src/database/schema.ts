import { auditEntities, auditMigrations } from '@relief/audit';
import { messagingEntities, messagingMigrations } from '@relief/messaging';
import { idempotencyEntities, idempotencyMigrations } from '@relief/runtime';
import { IncidentViewEntity } from '../incidents/incident-view.entity';
import { OfferEntity } from '../offers/offer.entity';
import { PartnerEntity } from '../partners/partner.entity';
import { RequestViewEntity } from '../requests/request-view.entity';
import { StockMovementEntity, StockpileEntity } from '../stock/stockpile.entity';
import { OffersSchema1714000000000 } from './migrations/1714000000000-offers-schema';
import { IncidentViewRevision1796000000000 } from './migrations/1796000000000-incident-view-revision';
import { IncidentMode1797500000000 } from './migrations/1797500000000-incident-mode';
import { Stockpiles1799100000000 } from './migrations/1799100000000-stockpiles';
import { OfferItemVersion1799200000000 } from './migrations/1799200000000-offer-item-version';

/** Everything TypeORM needs to know about this service's database, in one place. */
export const entities = [
  ...messagingEntities,
  ...idempotencyEntities,
  ...auditEntities,
  PartnerEntity,
  IncidentViewEntity,
  RequestViewEntity,
  OfferEntity,
  StockpileEntity,
  StockMovementEntity,
];
/** Oldest first. The schema changes only through these; never synchronize. */
export const migrations = [
  ...messagingMigrations,
  ...idempotencyMigrations,
  ...auditMigrations,
  OffersSchema1714000000000,
  IncidentViewRevision1796000000000,
  IncidentMode1797500000000,
  Stockpiles1799100000000,
  OfferItemVersion1799200000000,
];
