import type { NotificationChannel } from '@relief/contracts';
import type { DataSource } from 'typeorm';

/**
 * A token bucket per channel kept in PostgreSQL (`delivery_rate_budgets`), so the rate in the
 * config is the platform's, whatever the number of replicas: the SMS and email rates stand for a
 * contract with a gateway, and N processes each sending the full rate would break it. `ratePerSecond`
 * sustained, bursts up to one second's worth. One statement per batch, under the row's lock, so two
 * replicas never spend the same tokens.
 */
export class SharedRateBudget {
  private created = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channel: NotificationChannel,
    private readonly ratePerSecond: number,
  ) {}

  /** Takes up to `wanted` tokens; returns how many it could take (0 when the budget is spent). */
  async take(wanted: number): Promise<number> {
    if (wanted <= 0) return 0;
    await this.ensureRow();
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = await this.dataSource.query<[{ taken: number }[], number]>(
      `WITH r AS (
         SELECT LEAST($2::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - refilled_at))
                                           * $2::float8) AS refilled,
                clock_timestamp() AS at
           FROM delivery_rate_budgets WHERE channel = $1 FOR UPDATE)
       UPDATE delivery_rate_budgets b
          SET tokens = r.refilled - LEAST($3::float8, floor(r.refilled)), refilled_at = r.at
         FROM r WHERE b.channel = $1
       RETURNING LEAST($3::float8, floor(r.refilled))::int AS taken`,
      [this.channel, this.ratePerSecond, wanted],
    );
    return rows[0]?.taken ?? 0;
  }

  /** Gives back tokens taken but not used (fewer rows were due than tokens taken). */
  async giveBack(count: number): Promise<void> {
    if (count <= 0) return;
    await this.dataSource.query(
      `UPDATE delivery_rate_budgets SET tokens = LEAST($2::float8, tokens + $3) WHERE channel = $1`,
      [this.channel, this.ratePerSecond, count],
    );
  }

  private async ensureRow(): Promise<void> {
    if (this.created) return;
    await this.dataSource.query(
      `INSERT INTO delivery_rate_budgets (channel, tokens, refilled_at) VALUES ($1, $2, now())
       ON CONFLICT (channel) DO NOTHING`,
      [this.channel, this.ratePerSecond],
    );
    this.created = true;
  }
}
