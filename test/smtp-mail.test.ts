import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, parseMailSetting } from '../src/shoppers/mail/mailer.js';

// The SMTP adapter against a real SMTP server (the smtp-server package) on a loopback port: the
// one-time code mail arrives with its recipient, subject and body.
describe('SMTP mail', () => {
  const received: { to: string[]; data: string }[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          data += chunk;
        });
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers a message through the SMTP server named by RUSHCART_MAIL', async () => {
    const setting = parseMailSetting(`smtp://127.0.0.1:${port}`, '/unused');
    expect(setting.kind).toBe('smtp');
    const mailer = createMailer(setting, { from: 'Shop <shop@example.org>' });
    await mailer.send({
      to: 'amy@example.org',
      subject: 'Your Rushcart code: 123456',
      text: 'Your code is 123456.',
    });
    await mailer.close();
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual(['amy@example.org']);
    expect(received[0]?.data).toContain('Subject: Your Rushcart code: 123456');
    expect(received[0]?.data).toContain('Your code is 123456.');
  });

  it('refuses a setting it does not know, naming it', () => {
    expect(() => parseMailSetting('carrier-pigeon', '/unused')).toThrow(/RUSHCART_MAIL/);
    expect(parseMailSetting(undefined, '/x')).toEqual({ kind: 'console' });
    expect(parseMailSetting('file', '/x/outbox.jsonl')).toEqual({ kind: 'file', path: '/x/outbox.jsonl' });
  });
});
