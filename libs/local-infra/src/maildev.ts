/**
 * Local mail inbox: MailDev (the npm package, the same program docker-compose.yml runs) as a
 * child process, SMTP on 127.0.0.1:1025, web inbox and REST API (GET /email) on
 * http://127.0.0.1:1080. Nothing leaves the machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { isPortOpen, sleep } from './processes';
import type { LocalSink, RunningSink } from './sinks';

const HOST = '127.0.0.1';

export function maildevSink(smtpPort = 1025, webPort = 1080): LocalSink {
  return {
    name: 'MailDev',
    async start(): Promise<RunningSink> {
      for (const port of [smtpPort, webPort]) {
        if (await isPortOpen(HOST, port)) {
          throw new Error(
            `Port ${port} (MailDev) is already in use: another \`npm start\`, or docker compose's mail container?`,
          );
        }
      }
      const child = spawn(
        process.execPath,
        [
          require.resolve('maildev/bin/maildev'),
          ...['--smtp', String(smtpPort), '--web', String(webPort), '--ip', HOST, '--silent'],
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const deadline = Date.now() + 30_000;
      while (!((await isPortOpen(HOST, smtpPort)) && (await isPortOpen(HOST, webPort)))) {
        if (child.exitCode !== null || Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`MailDev did not start: ${stderr.trim() || 'no output'}`);
        }
        await sleep(200);
      }
      return {
        env: { SMTP_HOST: HOST, SMTP_PORT: String(smtpPort), SMTP_SECURE: 'false' },
        urls: {
          'mail inbox (MailDev)': `http://${HOST}:${webPort}`,
          'SMTP (MailDev)': `${HOST}:${smtpPort}`,
        },
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        },
      };
    },
  };
}
