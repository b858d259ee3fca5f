/** Everything TypeORM needs to know about this service's database, in one place. */
export const entities: Function[] = [];
/** Oldest first. The schema changes only through these; never synchronize. */
export const migrations: Function[] = [];
