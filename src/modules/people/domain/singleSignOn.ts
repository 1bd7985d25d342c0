/**
 * Single sign-on with OpenID Connect: the rules, without I/O. The steps in ../steps/sso/ apply them.
 */

/** Where people sign in with their organisation's account; the provider sends the browser back to its /callback. */
export const SSO_PATH = '/sign-in/organisation'

/**
 * The callback address the provider sends the browser back to: on the service's configured address
 * (settings.serviceUrl: PUBLIC_URL, else the listen address), as every email link is. Never the request's Host
 * header, which the browser (or anyone sending the request) chooses: the provider must be registered with one fixed
 * address, and a forged Host must not steer where a code is sent. Normalised (no default port), as openid-client
 * rebuilds it from the callback's address for the token request.
 */
export const ssoRedirectUri = (serviceUrl: string): string => new URL(`${serviceUrl}${SSO_PATH}/callback`).href

/** The domain of an email address, lower case ("Name@Council.gov.uk" → "council.gov.uk"). */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@')
  return at < 0
    ? ''
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase()
}

const domainPattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/**
 * Reads the allowed email domains an administrator typed: one per line or separated by commas or spaces, an
 * "@" in front allowed. Returns the domains, or the first one that is not a domain.
 */
export function parseEmailDomains(
  text: string,
): { readonly ok: true; readonly domains: string[] } | { readonly ok: false; readonly bad: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim().toLowerCase().replace(/^@/, ''))
    .filter((p) => p !== '')
  for (const p of parts) if (!domainPattern.test(p)) return { ok: false, bad: p }
  return { ok: true, domains: [...new Set(parts)] }
}

/**
 * Where a provider may be: https, or http on this machine's loopback only (a provider a test or a developer runs
 * locally). Anything else would send codes and secrets in the clear.
 */
export function issuerProblem(issuer: string): string | undefined {
  let url: URL
  try {
    url = new URL(issuer)
  } catch {
    return 'Enter the issuer as a web address, like https://login.microsoftonline.com/<tenant>/v2.0'
  }
  if (url.search !== '' || url.hash !== '') return 'The issuer must not have a ? or # part'
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined
  return 'The issuer must start with https://'
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1'
}

/**
 * Authentication methods (RFC 8176) that are a second factor or a phishing-resistant single check: a one-time
 * code, hardware or software key, biometrics, or the provider's own "mfa". Password (pwd), knowledge (kba) and
 * email links are not.
 */
export const multiFactorMethods: readonly string[] = [
  'mfa',
  'otp',
  'hwk',
  'swk',
  'sc',
  'fpt',
  'face',
  'iris',
  'retina',
  'vbm',
  'pop',
  'sms',
  'tel',
]

/**
 * Whether the ID token asserts a multi-factor sign-in: `amr` names one of the methods above, or `acr` is one of
 * the values the administrator said mean multi-factor at their provider (NHS CIS2's AAL3 levels, for example).
 */
export function assertsMultiFactor(claims: { amr?: unknown; acr?: unknown }, mfaAcrValues: readonly string[]): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((m): m is string => typeof m === 'string') : []
  if (amr.some((m) => multiFactorMethods.includes(m.toLowerCase()))) return true
  return typeof claims.acr === 'string' && mfaAcrValues.includes(claims.acr)
}

export type AfterProvider =
  /** Signed in: the provider's multi-factor check stands in for Together's, or the role needs none. */
  | { readonly next: 'signed_in'; readonly reason: string }
  /** Together asks for its own authenticator code, as after a password. */
  | { readonly next: 'second_factor'; readonly reason: string }
  /** Refused: a role that needs a second factor, no assertion from the provider and no authenticator set up. */
  | { readonly next: 'refused'; readonly reason: string }

/**
 * What happens once the provider has vouched for the person. Setting up Together's authenticator straight after
 * a single-factor provider sign-in is refused: anyone holding only the person's provider password could then
 * enrol their own authenticator. The person sets it up through their invitation link (or a reset) instead.
 */
export function afterProvider(input: {
  readonly roleNeedsSecondFactor: boolean
  readonly trustProviderMfa: boolean
  readonly providerAssertedMfa: boolean
  readonly hasAuthenticator: boolean
}): AfterProvider {
  if (!input.roleNeedsSecondFactor)
    return { next: 'signed_in', reason: 'organisation sign-in; this role needs no second factor' }
  if (input.trustProviderMfa && input.providerAssertedMfa)
    return { next: 'signed_in', reason: "organisation sign-in with the provider's multi-factor check" }
  if (input.hasAuthenticator)
    return {
      next: 'second_factor',
      reason: input.trustProviderMfa
        ? 'the provider gave no multi-factor assertion: Together asks for its authenticator code'
        : 'this organisation does not rely on its provider’s multi-factor check: Together asks for its code',
    }
  return {
    next: 'refused',
    reason: 'no multi-factor assertion from the provider and no authenticator set up in Together',
  }
}
