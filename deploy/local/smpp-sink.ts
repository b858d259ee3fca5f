/**
 * Local SMSC stand-in: an SMPP server (127.0.0.1:2775) that accepts any bind, answers every
 * submit_sm with a message id, reassembles concatenated parts and logs each whole SMS.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type PDU, type Session } from 'smpp';
import type { LocalSink, RunningSink } from './sinks';

interface Part {
  text: string;
  index: number;
}

export function smppSink(port = 2775, log: (line: string) => void = console.log): LocalSink {
  return {
    name: 'SMPP sink',
    async start(): Promise<RunningSink> {
      const pending = new Map<string, Part[]>();
      const server = createServer({}, (session: Session) => {
        for (const bind of ['bind_transceiver', 'bind_transmitter', 'enquire_link', 'unbind']) {
          session.on(bind, (pdu: PDU) => session.send(pdu.response()));
        }
        session.on('submit_sm', (pdu: PDU) => {
          session.send(pdu.response({ message_id: randomUUID() }));
          // The smpp package decodes short_message into its UDH elements and text.
          const { udh, message } = pdu.short_message as {
            udh?: Buffer[];
            message: string | Buffer;
          };
          const text = typeof message === 'string' ? message : message.toString('latin1');
          const to = String(pdu.destination_addr);
          const concat = udh?.find((element) => element[0] === 0x00);
          if (!concat) return log(`[sms] to +${to}: ${text}`);
          const key = `${to}/${concat[2]}`;
          const parts = [...(pending.get(key) ?? []), { text, index: concat[4] }];
          if (parts.length < concat[3]) return void pending.set(key, parts);
          pending.delete(key);
          const whole = parts
            .sort((a, b) => a.index - b.index)
            .map((p) => p.text)
            .join('');
          log(`[sms] to +${to} (${parts.length} parts): ${whole}`);
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      return {
        env: { SMS_PROVIDER: 'smpp', SMPP_HOST: '127.0.0.1', SMPP_PORT: String(port) },
        urls: { 'SMPP sink (SMS logged here)': `127.0.0.1:${port}` },
        stop: async () => {
          for (const s of [...server.sessions]) s.destroy();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        },
      };
    },
  };
}
