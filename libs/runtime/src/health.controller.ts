import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '@relief/auth';
import { ReadinessRegistry } from '@relief/observability';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly readiness: ReadinessRegistry,
  ) {}

  /** Liveness: the process answers. Restarting it would not fix a dependency that is down. */
  @Get('health')
  @HealthCheck()
  liveness() {
    return this.health.check([]);
  }

  /** Readiness: the database answers and every registered dependency (Kafka consumer, relay ...) is healthy. */
  @Get('ready')
  @HealthCheck()
  readinessCheck() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      ...this.readiness.entries().map(([name, check]) => async () => {
        const result = await check().catch((error: unknown) => ({
          up: false,
          detail: { error: String(error) },
        }));
        const session = this.indicators.check(name);
        return result.up ? session.up(result.detail) : session.down(result.detail);
      }),
    ]);
  }
}
