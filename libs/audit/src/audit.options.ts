export interface AuditOptions {
  /** e.g. `incident-service`: work no person started is recorded as `system:<serviceName>`. */
  serviceName: string;
  /** How often the sealer chains new rows (AUDIT_SEAL_INTERVAL_MS); 0 leaves it to verify(). */
  sealIntervalMs: number;
}

export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');
