export * from './body-parsing';
export * from './bulk-body';
export * from './bootstrap';
export * from './dates';
export * from './domain-checks';
export * from './page-query.dto';
// The keyset cursor helpers live in @relief/database (so libs below this one, e.g. @relief/audit,
// can page too); re-exported here because every service builds its lists with this lib.
export {
  decodeCursor,
  encodeCursor,
  keysetPage,
  type CursorFields,
  type KeysetPage,
} from '@relief/database';
export * from './domain.exception';
export * from './health.controller';
export * from './idempotency';
export * from './kafka-security';
export * from './problem-details.filter';
export * from './service-core.module';
export * from './validation';
export * from './endpoint.decorators';
export * from './if-match';
export * from './parse-uuid.pipe';
export * from './metrics.controller';
export * from './hxl';
