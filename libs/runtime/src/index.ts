export * from './body-parsing';
export * from './bootstrap';
export * from './domain.exception';
export * from './health.controller';
export * from './problem-details.filter';
export * from './service-core.module';
export * from './validation';
export * from './etag';
