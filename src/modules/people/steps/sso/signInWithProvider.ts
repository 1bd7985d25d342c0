import * as oidc from 'openid-client'
import { requiresSecondFactor } from '../../../../platform/identity/roles.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../../platform/shared/result.js'
import { appendAudit, type AuditEntry } from '../../../../platform/audit/auditLog.js'
import { auditActor } from '../../../../platform/audit/auditActor.js'
import { noActor } from '../../../../platform/audit/noActor.js'
import { newToken, tokenHash } from '../../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../../platform/context.js'
import { actorAudit, findUserByEmail, findUserById } from '../../queries/loadActor.js'
import { createSession } from '../sessions.js'
import { afterProvider, assertsMultiFactor, emailDomain } from '../../domain/singleSignOn.js'
import { providerById, providersForDomain, providerOfOrganisation, type IdentityProvider } from './identityProviders.js'
import { checkDescriptions, providerConfiguration, refusedCheck, type RefusedCheck } from './providerClient.js'
import { insertWithNewId } from '../../../../platform/db/insertWithNewId.js'

/** How long a person has at their provider before the sign-in must be started again. */
const ATTEMPT_MINUTES = 10

export type BeginError = DomainError<'SSO.NO_PROVIDER' | 'SSO.PROVIDER_UNAVAILABLE'>

/**
 * Starts a sign-in through the organisation's provider: finds the provider for the email (the account's own
 * organisation's if it has one for this domain, otherwise the one provider that accepts the domain), keeps a
 * fresh state, nonce and PKCE verifier server-side bound to a new browser token, and returns the provider's
 * address to send the browser to.
 */
export async function beginProviderSignIn(
  deps: Deps,
  input: { email: string; returnTo: string; redirectUri: string },
  meta: RequestMeta,
): Promise<Result<{ authorizationUrl: string; browserToken: string; providerName: string }, BeginError>> {
  const email = input.email.trim().toLowerCase()
  const domain = emailDomain(email)
  const provider = await chooseProvider(deps, email, domain)
  const unavailable = async (why: string): Promise<Result<never, BeginError>> => {
    await deps.db.transaction().execute(async (tx) =>
      appendAudit(
        tx,
        {
          ...noActor,
          actorOrganisationId: provider?.organisationId ?? null,
          action: 'auth.sso_not_started',
          reason: why,
          correlationId: meta.correlationId,
          details: { emailDomain: domain, ip: meta.ip },
        },
        deps.clock.now(),
      ),
    )
    return err(
      provider === undefined
        ? domainError(
            'SSO.NO_PROVIDER',
            'Your organisation has not set up signing in with its own accounts. Sign in with your email address and password',
          )
        : domainError(
            'SSO.PROVIDER_UNAVAILABLE',
            'Your organisation’s sign-in service cannot be reached just now. Try again in a few minutes, or sign in with your email address and password',
          ),
    )
  }
  if (provider === undefined) return unavailable('no identity provider accepts this email domain')
  let config: oidc.Configuration
  try {
    config = await providerConfiguration(provider)
  } catch (e) {
    deps.log.warn({ provider: provider.id, check: refusedCheck(e) }, 'identity provider discovery failed')
    return unavailable(`provider discovery failed: ${checkDescriptions[refusedCheck(e)]}`)
  }
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const verifier = oidc.randomPKCECodeVerifier()
  const challenge = await oidc.calculatePKCECodeChallenge(verifier)
  const browserToken = newToken()
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: email,
  })
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const id = await insertWithNewId(tx, 'sso_attempt', {
      provider_id: provider.id,
      state_hash: tokenHash(state),
      browser_hash: tokenHash(browserToken),
      nonce,
      code_verifier: verifier,
      return_to: input.returnTo,
      email_given: email,
      started_at: now,
      expires_at: new Date(now.getTime() + ATTEMPT_MINUTES * 60_000),
    })
    await appendAudit(
      tx,
      {
        ...noActor,
        actorOrganisationId: provider.organisationId,
        action: 'auth.sso_started',
        subjectType: 'sso_attempt',
        subjectId: id,
        reason: `sign-in through ${provider.displayName}`,
        correlationId: meta.correlationId,
        details: { email, ip: meta.ip },
      },
      now,
    )
  })
  return ok({ authorizationUrl: url.href, browserToken, providerName: provider.displayName })
}

async function chooseProvider(deps: Deps, email: string, domain: string): Promise<IdentityProvider | undefined> {
  const user = await findUserByEmail(deps.db, email)
  if (user?.active === true) {
    const own = await providerOfOrganisation(deps, user.actor.organisationId)
    if (own?.enabled === true && own.emailDomains.includes(domain)) return own
  }
  const byDomain = await providersForDomain(deps, domain)
  // Several organisations may share a domain (nhs.net): without an account to say which, the first is used, and
  // the person will be told an administrator must invite them (no account can match anyway).
  return byDomain[0]
}

export type CompleteError = DomainError<
  'SSO.REFUSED' | 'SSO.NO_ACCOUNT' | 'SSO.NO_SECOND_FACTOR' | 'SSO.CANCELLED' | 'SSO.EXPIRED'
>

export type CompleteOutcome =
  | { readonly next: 'signed_in'; readonly sessionToken: string; readonly returnTo: string }
  | { readonly next: 'second_factor'; readonly sessionToken: string; readonly returnTo: string }

const refusedMessage =
  'Your organisation’s sign-in could not be checked, so you have not been signed in. Start again from the sign-in page. If this keeps happening, tell your organisation’s administrator'

/**
 * Finishes a sign-in when the provider sends the browser back: the attempt must have been started in this browser
 * and not used; the code is exchanged with PKCE and the ID token checked (issuer, audience, signature, expiry,
 * nonce). The person is found by issuer + subject, or on the first sign-in by the verified email of an account in
 * the provider's organisation, which is then linked. Every refusal is audited and writes no session.
 */
export async function completeProviderSignIn(
  deps: Deps,
  input: { callbackUrl: URL; browserToken: string | undefined },
  meta: RequestMeta,
): Promise<Result<CompleteOutcome, CompleteError>> {
  const params = input.callbackUrl.searchParams
  const state = params.get('state') ?? ''
  const refuse = async (
    check: RefusedCheck | 'no_account' | 'cancelled' | 'replayed' | 'attempt_expired' | 'no_second_factor' | 'email',
    reason: string,
    context: { attemptId?: string; provider?: IdentityProvider; userId?: string; details?: Record<string, unknown> },
    error: CompleteError,
  ): Promise<Result<never, CompleteError>> => {
    await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now()
      const user = context.userId === undefined ? undefined : await findUserById(tx, context.userId)
      const entry: AuditEntry = {
        ...(user === undefined
          ? { ...noActor, actorOrganisationId: context.provider?.organisationId ?? null }
          : actorAudit(user.actor)),
        action: check === 'no_account' ? 'auth.sso_no_account' : 'auth.sso_refused',
        subjectType: context.attemptId === undefined ? undefined : 'sso_attempt',
        subjectId: context.attemptId,
        reason,
        correlationId: meta.correlationId,
        details: { check, ip: meta.ip, ...context.details },
      }
      await appendAudit(tx, entry, now)
      if (context.attemptId !== undefined)
        await tx
          .updateTable('sso_attempt')
          .set({
            outcome: check === 'no_account' ? 'no_account' : 'refused',
            refusal: reason,
            provider_email: typeof context.details?.email === 'string' ? context.details.email : null,
            provider_name: typeof context.details?.name === 'string' ? context.details.name : null,
          })
          .where('id', '=', context.attemptId)
          .execute()
    })
    return err(error)
  }

  // 1. The attempt: started in this browser, not used before (single use, claimed before the code is spent).
  const claimed = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const attempt = await tx
      .selectFrom('sso_attempt')
      .selectAll()
      .where('state_hash', '=', tokenHash(state))
      .forUpdate()
      .executeTakeFirst()
    if (
      attempt === undefined ||
      input.browserToken === undefined ||
      attempt.browser_hash !== tokenHash(input.browserToken)
    )
      return { kind: 'state' as const, attempt }
    if (attempt.used_at !== null) return { kind: 'replayed' as const, attempt }
    await tx.updateTable('sso_attempt').set({ used_at: now }).where('id', '=', attempt.id).execute()
    if (attempt.expires_at <= now) return { kind: 'attempt_expired' as const, attempt }
    return { kind: 'ok' as const, attempt }
  })
  const attempt = claimed.attempt
  const provider = attempt === undefined ? undefined : await providerById(deps, deps.db, attempt.provider_id)
  const context = {
    ...(attempt === undefined ? {} : { attemptId: attempt.id }),
    ...(provider === undefined ? {} : { provider }),
  }
  if (claimed.kind === 'state' || attempt === undefined || provider === undefined)
    return refuse('state', checkDescriptions.state, context, domainError('SSO.REFUSED', refusedMessage))
  if (claimed.kind === 'replayed')
    return refuse(
      'replayed',
      'this sign-in had already been used: the provider’s answer was sent again',
      context,
      domainError('SSO.REFUSED', refusedMessage),
    )
  if (claimed.kind === 'attempt_expired')
    return refuse(
      'attempt_expired',
      `the sign-in was started more than ${ATTEMPT_MINUTES} minutes before the provider answered`,
      context,
      domainError('SSO.EXPIRED', 'Your sign-in took too long. Start again from the sign-in page'),
    )
  if (!provider.enabled)
    return refuse(
      'provider_error',
      'the organisation has turned this sign-in off',
      context,
      domainError('SSO.REFUSED', refusedMessage),
    )
  const providerError = params.get('error')
  if (providerError !== null)
    return refuse(
      providerError === 'access_denied' ? 'cancelled' : 'provider_error',
      `the provider answered "${providerError.slice(0, 100)}"`,
      context,
      providerError === 'access_denied'
        ? domainError('SSO.CANCELLED', 'You did not finish signing in with your organisation’s account')
        : domainError('SSO.REFUSED', refusedMessage),
    )

  // 2. The code, exchanged with PKCE; the ID token checked for issuer, audience, signature, expiry and nonce.
  let claims: oidc.IDToken
  let idToken: string
  let userinfo: Record<string, unknown> = {}
  try {
    const config = await providerConfiguration(provider)
    const tokens = await oidc.authorizationCodeGrant(config, input.callbackUrl, {
      pkceCodeVerifier: attempt.code_verifier,
      expectedState: state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    })
    const c = tokens.claims()
    if (c === undefined || tokens.id_token === undefined) throw new Error('no ID token')
    claims = c
    idToken = tokens.id_token
    // Some providers put the email only in userinfo (OpenID Connect Core 5.4, with an access token issued).
    if (typeof claims.email !== 'string')
      userinfo = { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)) }
  } catch (e) {
    const check = refusedCheck(e)
    return refuse(check, checkDescriptions[check], context, domainError('SSO.REFUSED', refusedMessage))
  }
  const issuer = claims.iss
  const subject = claims.sub
  const email = String(claims.email ?? userinfo.email ?? '').toLowerCase()
  const emailVerified = (claims.email_verified ?? userinfo.email_verified) === true
  const name = typeof (claims.name ?? userinfo.name) === 'string' ? String(claims.name ?? userinfo.name) : null
  const mfaAsserted = assertsMultiFactor({ amr: claims.amr, acr: claims.acr }, provider.mfaAcrValues)
  const said = { email, name, amr: Array.isArray(claims.amr) ? claims.amr : [], acr: claims.acr ?? null }

  // 3. Who: the link (issuer + subject), else the invited account with this verified email in the organisation.
  const found = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const link = await tx
      .selectFrom('identity_link')
      .select(['user_id', 'provider_id'])
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst()
    if (link !== undefined) {
      const user = await findUserById(tx, link.user_id)
      if (
        link.provider_id !== provider.id ||
        user === undefined ||
        user.actor.organisationId !== provider.organisationId
      )
        return { kind: 'no_account' as const, why: 'the linked account is not in this provider’s organisation' }
      if (!user.active) return { kind: 'no_account' as const, why: 'the linked account is deactivated' }
      return { kind: 'user' as const, user, linked: false }
    }
    if (email === '' || !emailVerified)
      return { kind: 'email' as const, why: 'the provider did not give a verified email address' }
    if (!provider.emailDomains.includes(emailDomain(email)))
      return { kind: 'email' as const, why: 'the email address is not in a domain this organisation allows' }
    const user = await findUserByEmail(tx, email, true)
    if (user === undefined || user.actor.organisationId !== provider.organisationId || !user.active)
      return { kind: 'no_account' as const, why: 'no invited account with this email address in the organisation' }
    const already = await tx
      .selectFrom('identity_link')
      .select('subject')
      .where('provider_id', '=', provider.id)
      .where('user_id', '=', user.actor.userId)
      .executeTakeFirst()
    if (already !== undefined)
      return { kind: 'no_account' as const, why: 'the account is already linked to another account at this provider' }
    await tx
      .insertInto('identity_link')
      .values({ issuer, subject, user_id: user.actor.userId, provider_id: provider.id, linked_at: now })
      .execute()
    await auditActor(tx, user.actor, meta, now, {
      action: 'auth.sso_linked',
      subjectType: 'user',
      subjectId: user.actor.userId,
      reason: 'first sign-in through the organisation’s provider, matched by verified email',
      details: { issuer, provider: provider.displayName },
    })
    return { kind: 'user' as const, user, linked: true }
  })
  if (found.kind === 'email')
    return refuse('email', found.why, { ...context, details: said }, domainError('SSO.REFUSED', refusedMessage))
  if (found.kind === 'no_account')
    return refuse(
      'no_account',
      found.why,
      { ...context, details: said },
      domainError('SSO.NO_ACCOUNT', 'An administrator in your organisation must invite you to Together first'),
    )
  const user = found.user

  // 4. The second factor: the provider's assertion, Together's own code, or a refusal.
  const decision = afterProvider({
    roleNeedsSecondFactor: requiresSecondFactor(user.actor.roles),
    trustProviderMfa: provider.trustMfa,
    providerAssertedMfa: mfaAsserted,
    hasAuthenticator: user.totpSecret !== null,
  })
  if (decision.next === 'refused')
    return refuse(
      'no_second_factor',
      decision.reason,
      { ...context, userId: user.actor.userId, details: said },
      domainError(
        'SSO.NO_SECOND_FACTOR',
        'Your organisation’s sign-in did not confirm a second check (such as a code on your phone), and you have not set up Together’s authenticator app yet',
      ),
    )
  const sessionToken = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const stage = decision.next === 'signed_in' ? 'active' : 'second_factor'
    const token = await createSession(tx, deps.settings, user.actor.userId, stage, now)
    await tx
      .insertInto('sso_session')
      .values({ session_id_hash: tokenHash(token), provider_id: provider.id, id_token: idToken })
      .execute()
    await tx.updateTable('sso_attempt').set({ outcome: decision.next }).where('id', '=', attempt.id).execute()
    await auditActor(tx, user.actor, meta, now, {
      action: decision.next === 'signed_in' ? 'auth.signed_in' : 'auth.sso_accepted',
      subjectType: 'user',
      subjectId: user.actor.userId,
      reason: decision.reason,
      details: { channel: 'sso', provider: provider.displayName, issuer, amr: said.amr, acr: said.acr, ip: meta.ip },
    })
    return token
  })
  return ok({ next: decision.next, sessionToken, returnTo: attempt.return_to })
}

/**
 * Where to send the browser after Together's session ends, when it came through a provider with an
 * end_session_endpoint (RP-initiated logout), with the provider's name; undefined otherwise, or if the provider
 * cannot be reached.
 */
export async function providerSignOutUrl(
  deps: Deps,
  sessionToken: string | undefined,
  postLogoutRedirectUri: string,
): Promise<{ url: string; providerName: string } | undefined> {
  if (sessionToken === undefined) return undefined
  const row = await deps.db
    .selectFrom('sso_session')
    .select(['provider_id', 'id_token'])
    .where('session_id_hash', '=', tokenHash(sessionToken))
    .executeTakeFirst()
  if (row === undefined) return undefined
  try {
    const provider = await providerById(deps, deps.db, row.provider_id)
    if (provider === undefined) return undefined
    const config = await providerConfiguration(provider)
    if (config.serverMetadata().end_session_endpoint === undefined) return undefined
    const url = oidc.buildEndSessionUrl(config, {
      id_token_hint: row.id_token,
      post_logout_redirect_uri: postLogoutRedirectUri,
      client_id: provider.clientId,
    }).href
    return { url, providerName: provider.displayName }
  } catch (e) {
    deps.log.warn({ check: refusedCheck(e) }, 'could not reach the identity provider to sign out there')
    return undefined
  }
}
