import { createTransport } from 'nodemailer';
import { recordingSmtp, subjectOf, type CaughtMail } from './recording-smtp';

describe('recording SMTP server', () => {
  it('hands over what it receives, with the subject decoded', async () => {
    const mails: CaughtMail[] = [];
    const sink = await recordingSmtp((mail) => mails.push(mail)).start();
    try {
      const transport = createTransport({
        host: '127.0.0.1',
        port: Number(sink.env.SMTP_PORT),
        secure: false,
      });
      await transport.sendMail({
        from: 'a@relief.local',
        to: 'b@relief.local',
        subject: 'Су тасқыны',
        text: 'x',
      });
      transport.close();
      expect(mails).toMatchObject([
        { from: 'a@relief.local', to: ['b@relief.local'], subject: 'Су тасқыны' },
      ]);
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
});
