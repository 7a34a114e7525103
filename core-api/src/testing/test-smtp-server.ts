import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  received: ParsedMail[];
  /** The first mail to `address` that arrives (or has arrived) within the timeout. */
  mailTo(address: string, timeoutMs?: number): Promise<ParsedMail>;
  /** Holds every mail's DATA unanswered until `resume()` (a sender caught mid-send); answers how many are held. */
  pause(): void;
  resume(): void;
  held(): number;
  /** Client connections open now. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps every mail it receives, parsed
 * with mailparser: nodemailer speaks the real protocol to it.
 *
 * @example
 * const smtp = await startTestSmtpServer();
 * const runtime = await createTestRuntime({ environment: { SMTP_URL: smtp.url } });
 */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  let paused = false;
  let open = 0;
  const waiting: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (paused) await new Promise<void>((resolve) => waiting.push(resolve));
          // A client that went away while held never had its mail accepted.
          if ((session as { closed?: boolean }).closed) return;
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
    onConnect(_session, callback) {
      open += 1;
      callback();
    },
    onClose(session) {
      open -= 1;
      (session as { closed?: boolean }).closed = true;
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const addressedTo = (mail: ParsedMail, address: string) =>
    [mail.to].flat().some((to) => to?.value.some((entry) => entry.address?.toLowerCase() === address.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async mailTo(address, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = received.find((candidate) => addressedTo(candidate, address));
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`No mail to ${address} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    pause: () => void (paused = true),
    resume() {
      paused = false;
      for (const release of waiting.splice(0)) release();
    },
    held: () => waiting.length,
    connections: () => open,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
