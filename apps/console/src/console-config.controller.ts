import { Controller, Get } from '@nestjs/common';
import { Public } from '@relief/auth';
import { ConsoleConfig } from './console.config';
import { SERVICE_PREFIXES } from './proxy/proxy-routes';

export interface ConsoleClientConfig {
  issuer: string;
  clientId: string;
  redirectPath: string;
  services: string[];
}

/** What the SPA needs before it can sign in: where, as which client. */
@Public()
@Controller('api/config')
export class ConsoleConfigController {
  constructor(private readonly config: ConsoleConfig) {}

  @Get()
  get(): ConsoleClientConfig {
    return {
      issuer: this.config.CONSOLE_ISSUER,
      clientId: this.config.CONSOLE_CLIENT_ID,
      redirectPath: '/auth/callback',
      services: [...SERVICE_PREFIXES],
    };
  }
}
