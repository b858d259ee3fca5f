export * from './kafka-client-config';
export * from './load-config';
export * from './service-config';
export * from './transforms';
