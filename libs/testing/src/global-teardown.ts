/** Stops only what global setup started; infrastructure it found running is left alone. */
/* eslint-disable no-restricted-imports -- deploy/local is scripts, not a @relief library */
import { stopLocalKafka } from '../../../deploy/local/kafka';
import { stopEmbeddedPostgres } from '../../../deploy/local/postgres';
/* eslint-enable no-restricted-imports */
import { takeStarted } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const started = takeStarted();
  if (!started) return;
  await started.stopContainers?.();
  if (started.kafkaPid !== undefined) await stopLocalKafka(started.kafkaPid);
  if (started.embeddedPostgres) await stopEmbeddedPostgres();
}
