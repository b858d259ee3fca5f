import { createTransport, type Transporter } from 'nodemailer';
import { DeliveryError } from '../delivery-policy';
import { messageIdOf, type EmailProvider, type OutgoingEmail, type Sent } from './providers';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Connections the pool opens at most (default 2). */
  maxConnections?: number;
  /** Messages sent on one connection before it is replaced by a fresh one (default 100). */
  maxMessagesPerConnection?: number;
}

/**
 * nodemailer over pooled SMTP connections, each carrying several messages (one EHLO and AUTH per
 * connection, not per message). 5xx replies are permanent, the rest transient.
 */
export class SmtpEmailProvider implements EmailProvider {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = createTransport({
      pool: true,
      maxConnections: settings.maxConnections ?? 2,
      maxMessages: settings.maxMessagesPerConnection ?? 100,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(email: OutgoingEmail): Promise<Sent> {
    try {
      const info = (await this.transport.sendMail({
        from: this.settings.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html ?? undefined,
        // Stable per ledger row: a resend after a crash is the same message to the receiving side.
        messageId: messageIdOf(email.notificationId),
      })) as { messageId: string };
      return { providerMessageId: info.messageId, provider: 'smtp' };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const permanent = typeof code === 'number' && code >= 500 && code < 600;
      throw new DeliveryError(`SMTP: ${(error as Error).message}`, permanent, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
