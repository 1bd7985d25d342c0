import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto'
import { hash, verify, type Algorithm } from '@node-rs/argon2'
import * as OTPAuth from 'otpauth'

/** argon2id with OWASP's recommended minimum (m=19 MiB, t=2, p=1). */
// 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const argonOptions = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string): Promise<string> => hash(password, argonOptions)

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    // Spend the same time as a real check so response times do not reveal which accounts exist.
    await hash(password, argonOptions)
    return false
  }
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A secret handed to a browser or client (session cookie, API token, invitation link). */
export const newToken = (): string => randomBytes(32).toString('base64url')
/** Only hashes of tokens are stored, so a copy of the database yields no live sessions. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex')
export const newId = (): string => randomUUID()

const TOTP_PERIOD = 30

export const newTotpSecret = (): string => new OTPAuth.Secret({ size: 20 }).base32

export function totpUri(secretBase32: string, accountEmail: string): string {
  return new OTPAuth.TOTP({
    issuer: 'Together',
    label: accountEmail,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
  }).toString()
}

/**
 * Checks a 6-digit code, allowing one step of clock drift either way. Returns the time step it matched, so the
 * caller can refuse a code that has already been used (replay).
 */
export function matchTotp(secretBase32: string, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32), digits: 6, period: TOTP_PERIOD })
  const delta = totp.validate({ token: code, timestamp: nowMs, window: 1 })
  if (delta === null) return null
  return Math.floor(nowMs / 1000 / TOTP_PERIOD) + delta
}

export function totpCodeAt(secretBase32: string, nowMs: number): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32), digits: 6, period: TOTP_PERIOD }).generate(
    {
      timestamp: nowMs,
    },
  )
}

/**
 * Seals a secret Together must use later but never show again (an identity provider's client secret):
 * AES-256-GCM under the service's secrets key, with a fresh 12-byte nonce. The result is "v1.<iv>.<tag>.<data>".
 */
export function sealSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

/** Opens a sealed secret; throws if it was altered or sealed under another key. */
export function unsealSecret(sealed: string, key: Buffer): string {
  const [version, iv, tag, data] = sealed.split('.')
  if (version !== 'v1' || iv === undefined || tag === undefined || data === undefined)
    throw new Error('not a sealed secret')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
}
