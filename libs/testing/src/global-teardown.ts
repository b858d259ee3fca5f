/**
 * Stops only what global setup started, and only when no other process (a parallel test run,
 * `npm start`) still uses it; infrastructure it found running is left alone.
 */
// Loaded with ts-node, without jest's moduleNameMapper: tsconfig-paths gives it the aliases.
import 'tsconfig-paths/register';
import { releaseInfrastructure } from '@relief/local-infra';
import { takeStarted } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const started = takeStarted();
  await started?.stopContainers?.();
  if (started?.local) {
    const notes = await releaseInfrastructure(started.local, 'jest global setup');
    notes.forEach((note) => console.log(`[testing] ${note}`));
  }
}
