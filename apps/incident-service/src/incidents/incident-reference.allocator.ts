import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatIncidentReference, referencePrefix, type ReferenceKey } from './incident-reference';

/**
 * Hands out the next reference of a sequence inside the caller's transaction. The upsert takes
 * the counter row's lock, so concurrent filings for one prefix queue behind each other and never
 * get the same number; a rolled-back filing gives its number back.
 */
@Injectable()
export class IncidentReferenceAllocator {
  async next(manager: EntityManager, key: ReferenceKey): Promise<string> {
    const prefix = referencePrefix(key);
    const rows: { last_sequence: number }[] = await manager.query(
      `INSERT INTO incident_reference_counters AS c (prefix, last_sequence) VALUES ($1, 1)
       ON CONFLICT (prefix) DO UPDATE SET last_sequence = c.last_sequence + 1
       RETURNING c.last_sequence`,
      [prefix],
    );
    return formatIncidentReference(key, rows[0].last_sequence);
  }
}
