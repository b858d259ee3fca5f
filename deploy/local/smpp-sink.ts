/**
 * Local SMSC stand-in: an SMPP server (127.0.0.1:2775) that accepts any bind, answers every
 * submit_sm with a message id, reassembles concatenated parts and logs each whole SMS.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type PDU, type Session } from 'smpp';
import type { LocalSink, RunningSink } from './sinks';

interface Part {
  text: string;
  index: number;
}

/** One whole SMS as the sink reassembled it. */
export interface CaughtSms {
  at: string;
  /** Destination as E.164 (`+` and digits). */
  to: string;
  text: string;
  parts: number;
}

function printSms({ to, text, parts }: CaughtSms): void {
  console.log(`[sms] to ${to}${parts > 1 ? ` (${parts} parts)` : ''}: ${text}`);
}

/** Port 0 picks a free port (tests); `onSms` sees every whole message (by default: printed). */
export function smppSink(port = 2775, onSms: (sms: CaughtSms) => void = printSms): LocalSink {
  return {
    name: 'SMPP sink',
    async start(): Promise<RunningSink> {
      const pending = new Map<string, Part[]>();
      const server = createServer({}, (session: Session) => {
        for (const bind of [
          'bind_transceiver',
          'bind_transmitter',
          'bind_receiver',
          'enquire_link',
          'unbind',
        ]) {
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
          const to = `+${String(pdu.destination_addr).replace(/^\+/, '')}`;
          const at = new Date().toISOString();
          const concat = udh?.find((element) => element[0] === 0x00);
          if (!concat) return onSms({ at, to, text, parts: 1 });
          const key = `${to}/${concat[2]}`;
          const parts = [...(pending.get(key) ?? []), { text, index: concat[4] }];
          if (parts.length < concat[3]) return void pending.set(key, parts);
          pending.delete(key);
          const whole = parts
            .sort((a, b) => a.index - b.index)
            .map((p) => p.text)
            .join('');
          onSms({ at, to, text: whole, parts: parts.length });
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      const at = (server.address() as AddressInfo).port;
      return {
        env: { SMS_PROVIDER: 'smpp', SMPP_HOST: '127.0.0.1', SMPP_PORT: String(at) },
        urls: { 'SMPP sink (SMS logged here)': `127.0.0.1:${at}` },
        stop: async () => {
          for (const s of [...server.sessions]) s.destroy();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        },
      };
    },
  };
}
