export * from './data-source-options';
export * from './database.module';
export * from './keyset-cursor';
export * from './keyset-page-query.dto';
