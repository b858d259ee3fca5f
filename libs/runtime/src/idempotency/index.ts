export * from './idempotency';
export * from './idempotency-key.entity';
export * from './idempotency.interceptor';
export * from './idempotency.openapi';
export * from './idempotency.pruner';
export * from './idempotency.store';
export * from './migrations';
