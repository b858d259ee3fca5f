import { createTransport } from 'nodemailer';
import { connect, type Session } from 'smpp';
// eslint-disable-next-line no-restricted-imports -- the parts exactly as the notification-service sends them
import { splitSms } from '../../apps/notification-service/src/delivery/sms-parts';
import { maildevSink, type RunningSink, smppSink, type CaughtSms } from '@relief/local-infra';

const KAZAKH =
  'FL-2026-KZ-AKT-0004: жаңа оқиға, Ақтөбе облысы, төтенше. Елек өзеніндегі көктемгі су тасқыны: ' +
  'тұрғындар көшірілуде, Қарабұтақ пен Ойыл ауылдарына көмек қажет.';

async function bound(port: number): Promise<Session> {
  const session = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => session.on('connect', () => resolve()));
  await new Promise((resolve) =>
    session.bind_transmitter({ system_id: 'relief', password: 'relief' }, resolve),
  );
  return session;
}

function submit(session: Session, fields: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve) =>
    session.submit_sm(
      { source_addr_ton: 5, source_addr: 'RELIEF', dest_addr_ton: 1, ...fields },
      resolve,
    ),
  );
}

describe('local sinks of the notification-service', () => {
  describe('the SMPP sink and its SMS inbox', () => {
    let sink: RunningSink;
    let session: Session;
    const seen: CaughtSms[] = [];
    const api = () => `${sink.urls['SMS inbox']}/api/sms`;

    beforeAll(async () => {
      sink = await smppSink({ port: 0, webPort: 0, onSms: (sms) => seen.push(sms) }).start();
      session = await bound(Number(sink.env.SMPP_PORT));
    });

    afterAll(async () => {
      session.destroy();
      await sink.stop();
    });

    it('joins and decodes a multi-part UCS-2 text and a GSM-7 one, newest first, through its API', async () => {
      const parts = splitSms(KAZAKH, 77);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts[0].dataCoding).toBe(8);
      // Out of order, as an SMSC may see them.
      for (const part of [...parts].reverse()) {
        await submit(session, {
          destination_addr: '77011234567',
          esm_class: part.hasUdh ? 0x40 : 0,
          data_coding: part.dataCoding,
          short_message: part.shortMessage,
        });
      }
      // GSM 03.38 proper, as the smpp package encodes it: @ is 0x00, € an escape sequence.
      await submit(session, {
        destination_addr: '+77029876543',
        data_coding: 0,
        short_message: 'Pumps @ Aktobe: 10 x 5€',
      });

      const response = await fetch(api());
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await response.json()).toEqual([
        {
          at: expect.any(String) as string,
          from: 'RELIEF',
          to: '+77029876543',
          text: 'Pumps @ Aktobe: 10 x 5€',
          parts: 1,
          encoding: 'GSM-7',
        },
        {
          at: expect.any(String) as string,
          from: 'RELIEF',
          to: '+77011234567',
          text: KAZAKH,
          parts: parts.length,
          encoding: 'UCS-2',
        },
      ]);
      expect(seen.map((s) => s.to)).toEqual(['+77011234567', '+77029876543']);

      const one = (await (await fetch(`${api()}?to=%2B77011234567`)).json()) as CaughtSms[];
      expect(one.map((s) => s.text)).toEqual([KAZAKH]);
    });

    it('shows them on a page, HTML-escaped, in UTF-8, and DELETE clears them', async () => {
      await submit(session, {
        destination_addr: '77050000000',
        data_coding: 0,
        short_message: 'Dam <b>&</b> "levee"',
      });
      const response = await fetch(sink.urls['SMS inbox']);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('Dam &#60;b&#62;&#38;&#60;/b&#62; &#34;levee&#34;');
      expect(html).toContain(KAZAKH);
      // Newest first.
      expect(html.indexOf('levee')).toBeLessThan(html.indexOf(KAZAKH));

      expect((await fetch(api(), { method: 'DELETE' })).status).toBe(204);
      expect(await (await fetch(api())).json()).toEqual([]);
      expect(await (await fetch(sink.urls['SMS inbox'])).text()).toContain('No SMS yet.');
    });
  });

  it('MailDev takes mail over SMTP and lists it, subject decoded, at GET /email', async () => {
    const sink = await maildevSink(21025, 21080).start();
    try {
      expect(sink.env).toMatchObject({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '21025' });
      const transport = createTransport({ host: '127.0.0.1', port: 21025, secure: false });
      await transport.sendMail({
        from: 'a@relief.local',
        to: 'b@relief.local',
        subject: 'Су тасқыны',
        text: 'Ақтөбе',
      });
      transport.close();
      const emails = (await (await fetch('http://127.0.0.1:21080/email')).json()) as {
        subject: string;
        to: { address: string }[];
        text: string;
      }[];
      expect(emails).toMatchObject([
        { subject: 'Су тасқыны', to: [{ address: 'b@relief.local' }], text: 'Ақтөбе' },
      ]);
    } finally {
      await sink.stop();
    }
  });
});
