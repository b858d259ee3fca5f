import { Controller, Get, Logger } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '@relief/auth';
import { DependencyStateTracker, ReadinessRegistry } from '@relief/observability';
import { storage } from 'nestjs-pino/storage';

const readinessLog = new Logger('Readiness');

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  /**
   * One log line per dependency state change, not one per probe; logged outside the probe's
   * request, whose whole description pino-http would otherwise attach to it.
   */
  private readonly states = new DependencyStateTracker({
    log: (message) => storage.exit(() => readinessLog.log(message)),
    warn: (message) => storage.exit(() => readinessLog.warn(message)),
  });

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
      async () => {
        const result = await this.database.pingCheck('database', { timeout: 2_000 });
        const { status, ...detail } = result.database;
        this.states.observe('database', { up: status === 'up', detail });
        return result;
      },
      ...this.readiness.entries().map(([name, check]) => async () => {
        const result = await check().catch((error: unknown) => ({
          up: false,
          detail: { error: String(error) },
        }));
        this.states.observe(name, result);
        const session = this.indicators.check(name);
        return result.up ? session.up(result.detail) : session.down(result.detail);
      }),
    ]);
  }
}
