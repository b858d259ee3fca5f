import { Module, type DynamicModule } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditSealer } from './audit-sealer.service';
import { AuditTrail } from './audit-trail.service';
import { AUDIT_OPTIONS, type AuditOptions } from './audit.options';

/**
 * The audit trail of one service: AuditTrail (record, history, verify), the AuditSealer and
 * GET /admin/audit. Global: OutboxService records every event through it. Needs the default
 * DataSource, whose migrations include `auditMigrations`.
 */
@Module({})
export class AuditModule {
  static forRoot(options: AuditOptions): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      controllers: [AuditController],
      providers: [{ provide: AUDIT_OPTIONS, useValue: options }, AuditTrail, AuditSealer],
      exports: [AuditTrail, AuditSealer],
    };
  }
}
