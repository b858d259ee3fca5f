import { createTransport } from 'nodemailer';
import { connect, type Session } from 'smpp';
import { mailCatcher } from './mail-catcher';
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
