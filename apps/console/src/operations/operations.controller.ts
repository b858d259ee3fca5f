import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@relief/auth';
import { ReadinessRegistry } from '@relief/observability';

interface Check {
  status: 'up' | 'down';
  [detail: string]: unknown;
}

/** Liveness and readiness of the gateway: it has no database; ready once the events tap runs. */
@Public()
@Controller()
export class OperationsController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('health')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; info: Record<string, Check> }> {
    const info: Record<string, Check> = {};
    for (const [name, check] of this.readiness.entries()) {
      const result = await check().catch((error: unknown) => ({
        up: false,
        detail: { error: String(error) },
      }));
      info[name] = { status: result.up ? 'up' : 'down', ...result.detail };
    }
    if (Object.values(info).some((c) => c.status === 'down')) {
      throw new ServiceUnavailableException({ status: 'error', error: info });
    }
    return { status: 'ok', info };
  }
}
