export * from './correlation.middleware';
export * from './logger';
export * from './metrics';
export * from './readiness';
export * from './request-context';
export * from './tracing';
export * from './tracing.middleware';
export * from './tracing.provider';
