import type { FastifyInstance, FastifyReply } from 'fastify'
import { londonDateTime } from '../../../../platform/web/dateTime.js'
import { z } from 'zod'
import type { Actor } from '../../../../platform/identity/actor.js'
import type { SecureCookies, WebOptions } from '../../../../platform/web/options.js'
import { randomUUID } from 'node:crypto'
import { formErrors, formText, zodFieldErrors } from '../../../../platform/web/forms.js'
import { apiRoute } from '../../../../platform/web/apiRoute.js'
import { deniedPage } from '../../../../platform/web/deniedPage.js'
import { pageValues } from '../../../../platform/forms/fields.js'
import { mountSteps, viewFields } from '../../../../platform/steps/mountSteps.js'
import { safeReturnTo, setSessionCookie } from '../authPlugin.js'
import { SSO_PATH, ssoRedirectUri } from '../../domain/singleSignOn.js'
import { getIdentityProvider } from '../../steps/sso/identityProviders.js'
import {
  configureIdentityProvider,
  IDENTITY_PROVIDER_PAGE,
  identityProviderFormValues,
  identityProviderView,
} from '../../steps/sso/configureIdentityProvider.js'
import { beginProviderSignIn, completeProviderSignIn } from '../../steps/sso/signInWithProvider.js'
import { emailAddress } from '../../steps/emailAddress.js'

/** Holds the browser's half of a sign-in through a provider (its hash is on the attempt); nothing else. */
export const SSO_COOKIE = 'together_sso'

const emailSchema = z.object({
  email: emailAddress('Enter your work email address'),
})

/**
 * Sends the browser to the organisation's provider after one of Together's forms (sign in here, sign out in
 * sign-in/routes.ts) with a page that goes on at once, never a redirect: Chromium checks every redirect that
 * follows a form against the CSP form-action of the page the form was on ('self'), and blocks the provider's
 * address. Widening form-action to every configured provider would publish them all on the sign-in page.
 */
export function toProvider(
  reply: FastifyReply,
  page: { pageTitle: string; heading: string; paragraph: string; href: string; linkText: string },
  { signedOut = false }: { signedOut?: boolean } = {},
): FastifyReply {
  // Signed out (the session ended in this request): the page has no account menu or navigation.
  return reply.page('people/pages/sso/to-provider.njk', {
    ...page,
    ...(signedOut ? { actor: undefined, navigation: undefined } : {}),
  })
}

function setSsoCookie(reply: FastifyReply, token: string, secure: SecureCookies): void {
  // Lax, not Strict: the provider sends the browser back with a top-level GET from its own site.
  void reply.setCookie(SSO_COOKIE, token, { path: SSO_PATH, httpOnly: true, sameSite: 'lax', secure, maxAge: 600 })
}

const providerAnswer = z.object({
  provider: identityProviderView
    .nullable()
    .meta({ description: 'The organisation’s identity provider, or null when none is set' }),
  unmatchedSignIns: z
    .array(z.object({ at: z.iso.datetime(), email: z.string(), name: z.string().nullable() }))
    .meta({ description: 'The latest people who signed in at the provider without an invitation to Together' }),
})

/**
 * Signing in with the organisation's own accounts (OpenID Connect), and the administrator's page that sets the
 * provider up. See steps/sso/signInWithProvider.ts for the checks.
 */
export function ssoRoutes(app: FastifyInstance, { deps, secureCookies }: WebOptions): void {
  const redirectUri = ssoRedirectUri(deps.settings.serviceUrl)
  const signInPage = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: Record<string, string>,
    status = 200,
  ) =>
    reply.page(
      'people/pages/sso/organisation.njk',
      {
        pageTitle: 'Sign in with your organisation’s account',
        values,
        ...(errors ? { errors: formErrors(errors, ['email']) } : {}),
      },
      status,
    )

  app.get(SSO_PATH, { config: { access: 'public' } }, async (request, reply) => {
    if (request.actor !== undefined) return reply.redirect('/', 303)
    return signInPage(reply, { returnTo: safeReturnTo((request.query as Record<string, unknown>).returnTo) })
  })

  app.post(SSO_PATH, { config: { access: 'public' } }, async (request, reply) => {
    if (request.actor !== undefined) return reply.redirect('/', 303)
    const body = (request.body ?? {}) as Record<string, unknown>
    const values = { email: formText(body.email, 320), returnTo: safeReturnTo(body.returnTo) }
    const parsed = emailSchema.safeParse(body)
    if (!parsed.success) return signInPage(reply, values, zodFieldErrors(parsed.error), 400)
    const result = await beginProviderSignIn(
      deps,
      { email: parsed.data.email, returnTo: values.returnTo, redirectUri },
      request.meta,
    )
    if (!result.ok) return signInPage(reply, values, { email: result.error.message }, 400)
    setSsoCookie(reply, result.value.browserToken, secureCookies)
    return toProvider(reply, {
      pageTitle: `Continue to ${result.value.providerName}`,
      heading: `Continue to ${result.value.providerName}`,
      paragraph: 'Your organisation’s sign-in page is opening, where you sign in with your work account.',
      href: result.value.authorizationUrl,
      linkText: `Continue to ${result.value.providerName} to sign in`,
    })
  })

  app.get(`${SSO_PATH}/callback`, { config: { access: 'public' } }, async (request, reply) => {
    if (request.actor !== undefined) return reply.redirect('/', 303)
    // The redirect_uri the code was issued for, with the provider's answer (its query) from the address asked for.
    const { search } = new URL(request.url, 'http://callback.invalid')
    const result = await completeProviderSignIn(
      deps,
      {
        callbackUrl: new URL(`${redirectUri}${search}`),
        browserToken: request.cookies[SSO_COOKIE],
      },
      request.meta,
    )
    void reply.clearCookie(SSO_COOKIE, { path: SSO_PATH })
    if (!result.ok) {
      const e = result.error
      const pages: Record<typeof e.code, { title: string; paragraphs: string[]; status: number }> = {
        'SSO.NO_ACCOUNT': {
          title: 'An administrator must invite you first',
          paragraphs: [
            'You signed in with your organisation’s account, but you do not have access to Together yet.',
            'Ask an administrator in your organisation to invite you. They can see that you tried.',
          ],
          status: 403,
        },
        'SSO.NO_SECOND_FACTOR': {
          title: 'You need a second check to sign in',
          paragraphs: [
            `${e.message}.`,
            'Ask your organisation’s administrator to send you a link to set up Together’s authenticator app, or to turn on a second check at your organisation’s sign-in.',
          ],
          status: 403,
        },
        'SSO.CANCELLED': { title: 'You have not signed in', paragraphs: [`${e.message}.`], status: 400 },
        'SSO.EXPIRED': { title: 'You have not signed in', paragraphs: [`${e.message}.`], status: 400 },
        'SSO.REFUSED': { title: 'You have not signed in', paragraphs: [`${e.message}.`], status: 400 },
      }
      const page = pages[e.code]
      return reply.page(
        'people/pages/sso/not-signed-in.njk',
        { pageTitle: page.title, heading: page.title, paragraphs: page.paragraphs },
        page.status,
      )
    }
    setSessionCookie(reply, result.value.sessionToken, secureCookies)
    if (result.value.next === 'second_factor')
      return reply.redirect(
        `/sign-in/two-factor?returnTo=${encodeURIComponent(safeReturnTo(result.value.returnTo))}`,
        303,
      )
    return reply.redirect(safeReturnTo(result.value.returnTo), 303)
  })

  // The administrator's page: the form is configureIdentityProvider's (mounted here, page and API), which shows a
  // refused form again on its own and goes back here once saved.
  const denied = (reply: FastifyReply) =>
    deniedPage(reply, 'Only your organisation’s administrators set up how its people sign in.')

  app.get(IDENTITY_PROVIDER_PAGE, async (request, reply) => {
    const actor = request.actor as Actor
    const result = await getIdentityProvider(deps, actor)
    if (!result.ok) return denied(reply)
    const { provider, unmatched } = result.value
    const { fields } = configureIdentityProvider
    return reply.page('people/pages/sso/identity-provider.njk', {
      pageTitle: configureIdentityProvider.title,
      fields: viewFields(fields, pageValues(fields, identityProviderFormValues(provider))),
      submissionKey: randomUUID(),
      action: configureIdentityProvider.path,
      submitText: configureIdentityProvider.submitText,
      saved: (request.query as Record<string, unknown>).saved === '1',
      redirectUri,
      unmatched: unmatched.map((u) => ({ ...u, when: londonDateTime(u.at) })),
    })
  })
  mountSteps(app, deps, [configureIdentityProvider])
}

/** getIdentityProvider through the JSON API; configureIdentityProvider is a step (mounted with the page). */
export function identityProviderApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const getRoute = apiRoute({
    operationId: 'getIdentityProvider',
    tag: 'Sign-in',
    summary: 'Your organisation’s identity provider for single sign-on (never its client secret)',
    ok: { 200: { description: 'The provider, or null', schema: providerAnswer } },
    errors: { 403: 'Only organisation administrators' },
  })
  app.get('/api/v1/organisation/identity-provider', getRoute, async (request, reply) => {
    const result = await getIdentityProvider(deps, request.actor as Actor)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return {
      provider: result.value.provider,
      unmatchedSignIns: result.value.unmatched.map((u) => ({ at: u.at.toISOString(), email: u.email, name: u.name })),
    }
  })
}
