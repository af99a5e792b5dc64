import { createHash } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@vg/core';
import nodemailer, { Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { NotificationChannel } from '../notification-catalogue';
import { NotificationSender, OutgoingMessage } from './notification-sender';

const SEND_TIMEOUT_MS = 15_000;

/** Email over SMTP (SMTP_URL); without it no email delivery is ever created. */
@Injectable()
export class EmailChannel implements NotificationSender, OnApplicationShutdown {
  readonly channel = NotificationChannel.EMAIL;
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(message: OutgoingMessage): Promise<void> {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set');
    this.transport ??= nodemailer.createTransport(smtpOptions(this.config.smtpUrl));
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: message.address,
      subject: message.message.subject,
      text: message.message.text,
      // The same event to the same person has the same Message-ID, so a repeat after a crash can be dropped.
      messageId: `<${message.eventId}.${createHash('sha256').update(message.recipient).digest('hex').slice(0, 16)}@virtual-group>`,
      headers: { 'X-VG-Event-Id': message.eventId, 'X-VG-Event-Type': message.type },
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** SMTP_URL as nodemailer's options: `smtps:` is TLS from the start, `smtp:` upgrades with STARTTLS when offered. */
function smtpOptions(smtpUrl: string): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  };
}
