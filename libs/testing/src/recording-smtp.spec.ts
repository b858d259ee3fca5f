import { createTransport } from 'nodemailer';
import { recordingSmtp, subjectOf, textOf, type CaughtMail } from './recording-smtp';

describe('recording SMTP server', () => {
  it('hands over what it receives, with the subject and the text decoded', async () => {
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
        subject: 'Су тасқыны, 8\u00a0200',
        text: `Ақтөбе облысында «қар» = 8\u00a0200.\n\n${'ұзын жол '.repeat(20)}`,
        html: '<p>x</p>',
      });
      transport.close();
      expect(mails).toMatchObject([
        {
          from: 'a@relief.local',
          to: ['b@relief.local'],
          subject: 'Су тасқыны, 8\u00a0200',
          text: `Ақтөбе облысында «қар» = 8\u00a0200.\n\n${'ұзын жол '.repeat(20).trim()}`,
        },
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

  it('decodes the text part in quoted-printable or base64, a single part as it is', () => {
    const multipart = (encoding: string, body: string) =>
      'Content-Type: multipart/alternative;\r\n boundary="--b1"\r\n\r\n----b1\r\n' +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n` +
      `${body}\r\n----b1\r\nContent-Type: text/html\r\n\r\n<p>no</p>\r\n----b1--\r\n`;
    expect(textOf(multipart('quoted-printable', '=D2=9B=D0=B0=\r\n=D1=80 a=3Db'))).toBe('қар a=b');
    expect(textOf(multipart('base64', Buffer.from('қар\r\nжол').toString('base64')))).toBe(
      'қар\nжол',
    );
    expect(textOf('Content-Type: text/plain\r\n\r\nplain\r\n')).toBe('plain');
  });
});
