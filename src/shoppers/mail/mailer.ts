import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import nodemailer from 'nodemailer';

/** One message to one person. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The mail port: how shoppers get one-time codes. */
export interface Mailer {
  /** Resolves once the message is handed over (written, or accepted by the SMTP server). */
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
  /** For the health page and logs: console, file or smtp. */
  readonly kind: 'console' | 'file' | 'smtp';
}

/** Where mail goes, from `RUSHCART_MAIL`: `console`, `file:<path>` or an `smtp://` / `smtps://` URL. */
export type MailSetting =
  | { readonly kind: 'console' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'smtp'; readonly url: string };

/** Parses `RUSHCART_MAIL`; a development default writes to the console. */
export function parseMailSetting(value: string | undefined, defaultFile: string): MailSetting {
  if (value === undefined || value === 'console') return { kind: 'console' };
  if (value === 'file') return { kind: 'file', path: defaultFile };
  if (value.startsWith('file:')) return { kind: 'file', path: value.slice('file:'.length) };
  if (/^smtps?:\/\//.test(value)) return { kind: 'smtp', url: value };
  throw new Error(`RUSHCART_MAIL: "${value}" is not console, file, file:<path> or an smtp:// URL`);
}

/**
 * Builds the mailer the setting names. The console and file adapters are for development and
 * tests: the file adapter appends one JSON line per message, which a script can read codes from.
 */
export function createMailer(
  setting: MailSetting,
  options: { from?: string; log?: (line: string) => void } = {},
): Mailer {
  const from = options.from ?? 'Rushcart <no-reply@rushcart.local>';
  switch (setting.kind) {
    case 'console': {
      const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
      return {
        kind: 'console',
        async send(message) {
          log(`[mail] to ${message.to}: ${message.subject}\n${message.text}`);
        },
        async close() {},
      };
    }
    case 'file': {
      let ready: Promise<unknown> | undefined;
      return {
        kind: 'file',
        async send(message) {
          ready ??= mkdir(dirname(setting.path), { recursive: true });
          await ready;
          const line = JSON.stringify({ at: new Date().toISOString(), from, ...message });
          await appendFile(setting.path, `${line}\n`, 'utf8');
        },
        async close() {},
      };
    }
    case 'smtp': {
      const transport = nodemailer.createTransport(setting.url);
      return {
        kind: 'smtp',
        async send(message) {
          await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
        },
        async close() {
          transport.close();
        },
      };
    }
  }
}
