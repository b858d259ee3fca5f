import { IdempotencyKeyEntity } from '../idempotency-key.entity';
import { IdempotencyKeys1600000000100 } from './1600000000100-idempotency-keys.migration';

export { IdempotencyKeys1600000000100 };

/** Add to the service's DataSource `migrations`, beside messagingMigrations. */
export const idempotencyMigrations = [IdempotencyKeys1600000000100];

/** Add to the service's DataSource `entities`. */
export const idempotencyEntities = [IdempotencyKeyEntity];
