import * as oidc from 'openid-client'
import { isLoopbackHost } from '../../domain/singleSignOn.js'
import { tokenHash } from '../../../../platform/security/secrets.js'
import type { IdentityProvider } from './identityProviders.js'

/**
 * The OpenID Connect client (openid-client v6) for one organisation's provider. Discovery is fetched once and
 * kept for ten minutes per provider configuration, so signing in does not ask the provider for its metadata each time
 * and a changed configuration is used at once.
 *
 * Tokens are checked against the machine's clock (openid-client's own), as the provider stamps them with its own;
 * Together's injectable clock is for Together's rules, not for another party's signatures.
 */
const KEEP_MS = 10 * 60_000
const cache = new Map<string, { readonly at: number; readonly config: Promise<oidc.Configuration> }>()

export async function providerConfiguration(provider: IdentityProvider): Promise<oidc.Configuration> {
  // Keyed by what discovery depends on, so a changed issuer, client or secret is used at once.
  const key = [provider.id, provider.issuer, provider.clientId, tokenHash(provider.clientSecret)].join(' ')
  const kept = cache.get(key)
  if (kept !== undefined && Date.now() - kept.at < KEEP_MS) return kept.config
  const issuer = new URL(provider.issuer)
  const config = oidc.discovery(
    issuer,
    provider.clientId,
    { client_secret: provider.clientSecret },
    // Basic is the one method RFC 6749 makes every provider support (Entra, Google and CIS2 all accept it).
    oidc.ClientSecretBasic(provider.clientSecret),
    {
      timeout: 10,
      // Plain http only to a provider on this machine's loopback (issuerProblem refuses any other http issuer):
      // the tests' own provider, or a developer's.
      ...(issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname)
        ? { execute: [oidc.allowInsecureRequests] }
        : {}),
    },
  )
  cache.set(key, { at: Date.now(), config })
  config.catch(() => cache.delete(key))
  return config
}

export type RefusedCheck =
  | 'issuer'
  | 'audience'
  | 'nonce'
  | 'expired'
  | 'state'
  | 'code'
  | 'signature'
  | 'provider_unreachable'
  | 'provider_error'
  | 'other'

/** Which of the checks on the provider's answer failed, from openid-client's (oauth4webapi's) error. */
export function refusedCheck(e: unknown): RefusedCheck {
  // openid-client wraps oauth4webapi's error (which names the claim) in its own: read the whole chain.
  const chain: { message?: unknown; code?: unknown; error?: unknown; cause?: unknown }[] = []
  let x = e as { message?: unknown; code?: unknown; error?: unknown; cause?: unknown } | undefined
  while (x !== undefined && x !== null && chain.length < 5) {
    chain.push(x)
    x = x.cause as typeof x
  }
  const message = chain.map((x) => (typeof x.message === 'string' ? x.message : '')).join(' | ')
  const codes = chain.map((x) => x.code)
  const claim = chain.map((x) => (x as { claim?: unknown }).claim).find((c) => typeof c === 'string')
  const oauthError = chain.map((x) => x.error).find((c) => typeof c === 'string')
  if (oauthError === 'invalid_grant') return 'code'
  if (claim === 'aud' || claim === 'azp' || /"aud"|"azp"/.test(message)) return 'audience'
  if (claim === 'iss' || /"iss"/.test(message)) return 'issuer'
  if (claim === 'nonce' || /"nonce"/.test(message)) return 'nonce'
  if (claim === 'exp' || /"exp"/.test(message)) return 'expired'
  if (/"state"/.test(message)) return 'state'
  if (/signature/i.test(message) || codes.includes('OAUTH_KEY_SELECTION_FAILED')) return 'signature'
  if (/issuer/i.test(message)) return 'issuer'
  if (codes.includes('OAUTH_TIMEOUT') || /fetch failed|ECONNREFUSED|timed? ?out|abort/i.test(message))
    return 'provider_unreachable'
  if (oauthError !== undefined) return 'provider_error'
  return 'other'
}

export const checkDescriptions: Record<RefusedCheck, string> = {
  issuer: 'the ID token or metadata came from a different issuer than the one configured',
  audience: 'the ID token was not issued to Together (wrong audience)',
  nonce: 'the ID token’s nonce does not match the one Together sent',
  expired: 'the ID token has expired or is not yet valid',
  state: 'the answer does not belong to a sign-in started in this browser (state)',
  code: 'the provider refused the authorisation code (already used, expired or not issued for this sign-in)',
  signature: 'the ID token’s signature could not be verified with the provider’s keys',
  provider_unreachable: 'the provider could not be reached',
  provider_error: 'the provider answered with an error',
  other: 'the provider’s answer failed Together’s checks',
}
