import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Thrown at boot when a setting is missing or malformed; the message names every bad setting. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Reads settings from the environment into a typed, validated config class.
 * Unknown environment variables are ignored; defaults are the class's property initialisers.
 */
export function loadConfig<T extends object>(
  schema: ClassConstructor<T>,
  env: Record<string, string | undefined> = process.env,
): T {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const config = plainToInstance(schema, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(errors.flatMap((e) => describe(e, env)));
  return config;
}

/** Settings whose value never appears in a message (the message goes to the logs). */
const SECRET = /(PASSWORD|SECRET)$/;

function describe(error: ValidationError, env: Record<string, string | undefined>): string[] {
  const raw = env[error.property];
  const shown =
    raw === undefined || raw === ''
      ? 'not set'
      : SECRET.test(error.property)
        ? 'set, value not shown'
        : `got "${raw}"`;
  const reasons = Object.values(error.constraints ?? {});
  return reasons.length > 0 ? [`${error.property} (${shown}): ${reasons.join('; ')}`] : [];
}
