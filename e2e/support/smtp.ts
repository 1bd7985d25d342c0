/**
 * A real SMTP server for the journeys, standing in for the organisation's mail server.
 *
 * It runs inside the webServer wrapper (web-server.ts), the process that starts `together serve` with
 * SMTP_URL pointing here, so Together's outbox worker sends to it over SMTP exactly as it would in production.
 * The tests run in other processes, so each message is delivered as a file into `mailDir`, one per recipient,
 * like a mailbox delivery agent would: the raw message with `Return-Path` and `Delivered-To` added on top.
 * Tests read the files with `readMail()`, polling (`expect.poll`) because the worker sends every 2 seconds.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { mailDir } from './settings.js'

/** Larger than anything Together sends (plain text, no attachments); bigger messages are refused. */
const MAX_MESSAGE_BYTES = 1024 * 1024

export interface SmtpCatcher {
  readonly port: number
  /** Stops accepting mail and ends any open connection within a second. */
  close(): Promise<void>
}

/**
 * Listens on 127.0.0.1 (on `port`, or on a free port the system picks when it is 0) and writes every message
 * it accepts into `dir`. The directory is emptied first, so a run only ever sees its own mail.
 */
export async function startSmtpCatcher({
  port = 0,
  dir = mailDir,
}: { port?: number; dir?: string } = {}): Promise<SmtpCatcher> {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  let delivered = 0

  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on the loopback interface: nodemailer would otherwise upgrade to TLS with a certificate it cannot verify.
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', (e) => callback(e))
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message is too big'), { responseCode: 552 }))
          return
        }
        const raw = Buffer.concat(chunks).toString('utf8')
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address
        try {
          for (const rcpt of session.envelope.rcptTo) {
            delivered += 1
            const name = `${String(delivered).padStart(4, '0')}.eml`
            const partial = path.join(dir, `.${name}.partial`)
            // Written aside and renamed, so a test never reads half a message.
            fs.writeFileSync(partial, `Return-Path: <${from}>\r\nDelivered-To: ${rcpt.address}\r\n${raw}`)
            fs.renameSync(partial, path.join(dir, name))
          }
          callback()
        } catch (e) {
          callback(e instanceof Error ? e : new Error(String(e)))
        }
      })
    },
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  // After start-up, a broken connection is logged, never fatal: the server goes on serving the run.
  server.on('error', (e: Error) => console.error(`e2e SMTP server: ${e.message}`))

  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** One delivered message, decoded enough for a test to read. */
export interface ReceivedMail {
  readonly file: string
  /** The envelope recipient: whose mailbox it was delivered to. */
  readonly deliveredTo: string
  readonly from: string
  readonly to: string
  readonly subject: string
  /** The plain-text body, with any transfer encoding undone and line endings as \n. */
  readonly text: string
  /** Every header, names in lower case, folded lines joined and encoded words decoded; the first of repeats wins. */
  readonly headers: ReadonlyMap<string, string>
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII subjects. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text.replace(/_/g, ' '))
      return new TextDecoder(charset.toLowerCase()).decode(bytes)
    })
}

function quotedPrintableBytes(text: string): Buffer {
  const bytes: number[] = []
  const source = Buffer.from(text.replace(/=\r?\n/g, ''), 'latin1')
  for (let i = 0; i < source.length; i++) {
    const hex = source.subarray(i + 1, i + 3).toString('latin1')
    if (source[i] === 0x3d && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(source[i] ?? 0)
    }
  }
  return Buffer.from(bytes)
}

export function parseMail(file: string, raw: string): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/)
  const head = split === -1 ? raw : raw.slice(0, split)
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '')
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!headers.has(name)) headers.set(name, decodeEncodedWords(line.slice(colon + 1).trim()))
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  const charset = /charset="?([^";\s]+)/i.exec(headers.get('content-type') ?? '')?.[1] ?? 'utf-8'
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body, 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintableBytes(body)
        : Buffer.from(body, 'utf8')
  return {
    file,
    deliveredTo: headers.get('delivered-to') ?? '',
    from: headers.get('from') ?? '',
    to: headers.get('to') ?? '',
    subject: headers.get('subject') ?? '',
    text: new TextDecoder(charset.toLowerCase()).decode(bytes).replace(/\r\n/g, '\n'),
    headers,
  }
}

/** Every message delivered so far in this run, oldest first. */
export function readMail(dir: string = mailDir): ReceivedMail[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => parseMail(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8')))
}
