import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_CONTENT_SQL, chainHash, GENESIS_HASH, type AuditContent } from './audit-chain';
import { AUDIT_OPTIONS, type AuditOptions } from './audit.options';

/** pg advisory lock key of the sealer ('audit' in ASCII): one replica seals at a time. */
export const AUDIT_SEAL_LOCK = 0x6175646974;

const SEAL_CHUNK = 500;

/**
 * Chains the rows writers inserted unsealed. It takes only rows whose transaction id is below
 * the xmin of the current snapshot: every transaction that could still add a row with a lower
 * id has ended, so the chain order (tx, id) never needs a row inserted before one already
 * sealed, and writers never wait for each other. Each chunk is sealed in its own short
 * transaction under a try-lock; a replica that does not get it leaves the work to the holder.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.sealIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.sealPending().catch((error: unknown) =>
        this.logger.warn(`sealing failed, retrying next round: ${String(error)}`),
      );
    }, this.options.sealIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Seals every row that may be sealed now; returns how many. Overlapping calls share a run. */
  sealPending(): Promise<number> {
    this.running ??= this.sealAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sealAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.sealChunk();
      total += sealed;
      if (sealed < SEAL_CHUNK) return total;
    }
  }

  private sealChunk(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock($1) AS locked`,
        [AUDIT_SEAL_LOCK],
      );
      if (!locked) return 0;
      const head = await manager.query<{ chainSeq: string; hash: string }[]>(
        `SELECT chain_seq::text AS "chainSeq", hash FROM audit_entries
         WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
      );
      const rows = await manager.query<Omit<AuditContent, 'chainSeq'>[]>(
        `SELECT ${AUDIT_CONTENT_SQL} FROM audit_entries
         WHERE hash IS NULL AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
         ORDER BY tx, id
         LIMIT ${SEAL_CHUNK}`,
      );
      if (rows.length === 0) return 0;
      let seq = BigInt(head[0]?.chainSeq ?? '0');
      let prevHash = head[0]?.hash ?? GENESIS_HASH;
      const ids: string[] = [];
      const seqs: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        seq += 1n;
        const hash = chainHash(prevHash, { ...row, chainSeq: seq.toString() });
        ids.push(row.id);
        seqs.push(seq.toString());
        prevs.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await manager.query(
        `UPDATE audit_entries a
         SET chain_seq = s.chain_seq, prev_hash = s.prev_hash, hash = s.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])
           AS s(id, chain_seq, prev_hash, hash)
         WHERE a.id = s.id`,
        [ids, seqs, prevs, hashes],
      );
      return rows.length;
    });
  }
}
