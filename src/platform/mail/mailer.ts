import { createTransport } from 'nodemailer'

/** One plain-text email. Together's messages never carry HTML or attachments. */
export interface MailMessage {
  readonly to: string
  readonly subject: string
  readonly text: string
  /**
   * The message's own identity (RFC 5322 Message-ID, without the angle brackets), the same every time the same
   * message is sent: delivery is at least once (a server that dies mid-send sends again), and a repeat that keeps
   * its Message-ID is recognised as the same message by mail servers and clients.
   */
  readonly messageId?: string
}

/**
 * Sends email. There is only an SMTP implementation; when SMTP_URL is not set (the demo) there is no mailer
 * at all, nothing is sent, and administrators read the messages on the Email outbox page instead.
 */
export interface Mailer {
  /** Resolves once the server has accepted the message; rejects with the server's or the network's error. */
  send(message: MailMessage): Promise<void>
}

/**
 * A mailer over real SMTP. The URL takes nodemailer's form, e.g. `smtp://user:pass@mail.example:587` (STARTTLS
 * is used whenever the server offers it) or `smtps://…:465`; query parameters such as `?requireTLS=true` become
 * transport options. Timeouts are short because the outbox worker holds a row lock while a message is sent.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = createTransport(
    { url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
    { from },
  )
  return {
    async send(message) {
      await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.messageId === undefined ? {} : { messageId: `<${message.messageId}>` }),
        // RFC 3834: an automatic message, so auto-responders do not reply to it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      })
    },
  }
}
