import { createTransport } from 'nodemailer';
import { connect, type Session } from 'smpp';
import { mailCatcher, subjectOf } from './mail-catcher';
import { smppSink, type CaughtSms } from './smpp-sink';

describe('local sinks of the notification-service', () => {
  it('the mail catcher keeps what it receives and lists it on its page', async () => {
    const sink = await mailCatcher(21025, 21080).start();
    try {
      const transport = createTransport({ host: '127.0.0.1', port: 21025, secure: false });
      await transport.sendMail({
        from: 'a@relief.local',
        to: 'b@relief.local',
        subject: 'Су тасқыны',
        text: 'x',
      });
      transport.close();
      const page = await (await fetch(sink.urls['mail inbox'])).text();
      expect(page).toContain('Су тасқыны');
      expect(sink.env).toMatchObject({ SMTP_PORT: '21025' });
    } finally {
      await sink.stop();
    }
  });

  it('decodes subjects in base64 and quoted-printable words, split anywhere', () => {
    // Seen in the spring-flood scenario: nodemailer wrote this Kazakh subject as Q words.
    const q =
      'Subject: =?UTF-8?Q?FL-2026-KZ-AKT-0001=3A_=D0=BC=D3=99?= =?UTF-8?Q?=D1=80=D1=82=D0=B5=D0=B1=D0=B5=D1=81?=\r\n' +
      ' =?UTF-8?Q?=D1=96_active_=E2=86=92_contained?=\r\n\r\nbody';
    expect(subjectOf(q)).toBe('FL-2026-KZ-AKT-0001: мәртебесі active → contained');
    // A character's bytes split between two base64 words ("ә" is D3 99).
    const b = `Subject: =?UTF-8?B?${Buffer.from([0xd0, 0xbc, 0xd3]).toString('base64')}?= =?UTF-8?B?${Buffer.from([0x99]).toString('base64')}?= ok\r\n`;
    expect(subjectOf(b)).toBe('мә ok');
    expect(subjectOf('Subject: plain words\r\n')).toBe('plain words');
  });

  it('the SMPP sink accepts a bind and a submit_sm and logs the text', async () => {
    const received: CaughtSms[] = [];
    const sink = await smppSink(22775, (sms) => received.push(sms)).start();
    const session: Session = connect({ host: '127.0.0.1', port: 22775 });
    try {
      await new Promise<void>((resolve) => session.on('connect', () => resolve()));
      await new Promise((resolve) =>
        session.bind_transmitter({ system_id: 'r', password: 'r' }, resolve),
      );
      await new Promise((resolve) =>
        session.submit_sm({ destination_addr: '77012345678', short_message: 'hello' }, resolve),
      );
      expect(received).toEqual([
        { at: expect.any(String) as string, to: '+77012345678', text: 'hello', parts: 1 },
      ]);
    } finally {
      session.destroy();
      await sink.stop();
    }
  });
});
