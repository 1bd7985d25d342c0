import type { FastifyInstance } from 'fastify'
import QRCode from 'qrcode'
import { z } from 'zod'
import { completeSecondFactor } from '../../steps/completeSecondFactor.js'
import { signIn } from '../../steps/signIn.js'
import { signOut } from '../../steps/signOut.js'
import { providerSignOutUrl } from '../../steps/sso/signInWithProvider.js'
import { toProvider } from '../sso/routes.js'
import { totpUri } from '../../../../platform/security/secrets.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { formErrors, zodFieldErrors } from '../../../../platform/web/forms.js'
import { clearSessionCookie, safeReturnTo, setSessionCookie } from '../authPlugin.js'
import { emailAddress } from '../../steps/emailAddress.js'

const signInSchema = z.object({
  email: emailAddress('Enter your email address'),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(256, 'Password must be 256 characters or fewer'),
  returnTo: z.string().optional(),
})

const codeSchema = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from your authenticator app' })
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the 6-digit code from your authenticator app')
        .regex(/^\d{6}$/, 'The code must be 6 digits'),
    ),
})

const timedOutMessages: Record<string, string> = {
  idle: 'You were signed out because you had not done anything for a while. Sign in again to carry on.',
  absolute: 'You were signed out because you had been signed in for a long time. Sign in again to carry on.',
}

export function signInRoutes(app: FastifyInstance, { deps, secureCookies }: WebOptions): void {
  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    if (request.actor !== undefined) return reply.redirect('/', 303)
    const query = request.query as Record<string, unknown>
    const timedOut = typeof query.timedOut === 'string' ? timedOutMessages[query.timedOut] : undefined
    return reply.page('people/pages/sign-in/sign-in.njk', {
      pageTitle: 'Sign in',
      values: { returnTo: safeReturnTo(query.returnTo) },
      timedOut,
    })
  })

  app.post('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const values = { email: typeof body.email === 'string' ? body.email : '', returnTo: safeReturnTo(body.returnTo) }
    const parsed = signInSchema.safeParse(body)
    if (!parsed.success) {
      return reply.page(
        'people/pages/sign-in/sign-in.njk',
        { pageTitle: 'Sign in', values, errors: formErrors(zodFieldErrors(parsed.error), ['email', 'password']) },
        400,
      )
    }
    const result = await signIn(deps, { email: parsed.data.email, password: parsed.data.password }, request.meta)
    if (!result.ok) {
      const message = result.error.message
      const status = result.error.code === 'AUTH.LOCKED_OUT' ? 423 : 401
      return reply.page(
        'people/pages/sign-in/sign-in.njk',
        {
          pageTitle: 'Sign in',
          values,
          errors: { summary: [{ text: message, href: '#email' }], fields: { email: { text: message } } },
        },
        status,
      )
    }
    setSessionCookie(reply, result.value.sessionToken, secureCookies)
    if (result.value.next === 'second_factor')
      return reply.redirect(`/sign-in/two-factor?returnTo=${encodeURIComponent(values.returnTo)}`, 303)
    return reply.redirect(values.returnTo, 303)
  })

  const renderCode = async (pendingSecret: string | null, email: string, extra: Record<string, unknown> = {}) => {
    if (pendingSecret === null) return { pageTitle: 'Enter your authenticator code', enrol: false, ...extra }
    const uri = totpUri(pendingSecret, email)
    const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    return {
      pageTitle: 'Set up your authenticator app',
      enrol: true,
      secret: pendingSecret.replace(/(.{4})/g, '$1 ').trim(),
      qrSvg,
      ...extra,
    }
  }

  app.get('/sign-in/two-factor', { config: { access: 'second_factor' } }, async (request, reply) => {
    const state = request.session
    if (state.status !== 'second_factor') return reply.redirect('/sign-in', 303)
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).returnTo)
    return reply.page(
      'people/pages/sign-in/two-factor.njk',
      await renderCode(state.pendingTotpSecret, state.actor.email, { returnTo }),
    )
  })

  app.post('/sign-in/two-factor', { config: { access: 'second_factor' } }, async (request, reply) => {
    const state = request.session
    if (state.status !== 'second_factor' || request.sessionToken === undefined) return reply.redirect('/sign-in', 303)
    const body = (request.body ?? {}) as Record<string, unknown>
    const returnTo = safeReturnTo(body.returnTo)
    const parsed = codeSchema.safeParse(body)
    if (!parsed.success) {
      return reply.page(
        'people/pages/sign-in/two-factor.njk',
        await renderCode(state.pendingTotpSecret, state.actor.email, {
          returnTo,
          errors: formErrors(zodFieldErrors(parsed.error)),
        }),
        400,
      )
    }
    const result = await completeSecondFactor(
      deps,
      { sessionToken: request.sessionToken, code: parsed.data.code },
      request.meta,
    )
    if (!result.ok) {
      if (result.error.code === 'AUTH.SESSION_EXPIRED') return reply.redirect('/sign-in?timedOut=idle', 303)
      return reply.page(
        'people/pages/sign-in/two-factor.njk',
        await renderCode(state.pendingTotpSecret, state.actor.email, {
          returnTo,
          errors: formErrors(result.error.fields ?? { code: result.error.message }),
        }),
        400,
      )
    }
    setSessionCookie(reply, result.value.sessionToken, secureCookies)
    return reply.redirect(returnTo, 303)
  })

  app.post('/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    // A session that came through the organisation's provider also ends there, when the provider offers it.
    // Back to the service's configured address (as the sign-in callback), never one the request's Host names.
    const signedOut = new URL(`${deps.settings.serviceUrl}/signed-out`).href
    const atProvider = await providerSignOutUrl(deps, request.sessionToken, signedOut)
    await signOut(deps, request.sessionToken, request.meta)
    clearSessionCookie(reply)
    if (atProvider === undefined) return reply.redirect('/signed-out', 303)
    return toProvider(
      reply,
      {
        pageTitle: 'You have signed out of Together',
        heading: 'You have signed out of Together',
        paragraph: `Now sign out of ${atProvider.providerName} too, so that no one else using this device can sign in as you.`,
        href: atProvider.url,
        linkText: `Sign out of ${atProvider.providerName}`,
      },
      { signedOut: true },
    )
  })

  app.get('/signed-out', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('people/pages/sign-in/signed-out.njk', { pageTitle: 'You have signed out' }),
  )
}
