import rateLimit from '@fastify/rate-limit'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { makePublicReferral } from '../steps/makePublicReferral.js'
import { publicLocalAreas } from '../queries/publicLocalAreas.js'
import { publicReferrerKinds } from '../domain/referral.js'
import { formDate, formErrors, formText } from '../../../platform/web/forms.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { postgresRateLimitStore } from './rateLimitStore.js'

type Body = Record<string, unknown>
const str = formText

/** The public address of the form, for leaflets, council websites and posters. */
export const PUBLIC_REPORT_PATH = '/report-a-concern-about-a-child'
/** Reports one client address may send in PUBLIC_REPORT_WINDOW. Generous for a person, useless to a flood. */
export const PUBLIC_REPORTS_PER_WINDOW = 10
export const PUBLIC_REPORT_WINDOW_MS = 60 * 60 * 1000
const SENT_COOKIE = 'together_report'

const fieldOrder = [
  'immediateDanger',
  'referrerKind',
  'localAreaId',
  'childGivenName',
  'childFamilyName',
  'childDateOfBirth',
  'childAge',
  'childAddress',
  'childDescription',
  'concern',
  'childLocation',
  'parentsAware',
  'referrerName',
  'referrerEmail',
  'referrerPhone',
]

/**
 * Reporting a concern about a child with no account. The form only creates: the answer is a reference and
 * nothing else. It is rate-limited per client address, with the counters in PostgreSQL so that every instance
 * counts alike; refusals get a GOV.UK page with status 429. The limit is checked after the CSRF token (both
 * pre-handlers), so a forged post is refused as such and spends nobody's allowance. CSRF works without a session: the
 * security plugin's token is tied to a signed `_csrf` cookie set when the form is shown, so a post from another
 * site (which cannot read the token) is refused.
 */
export async function publicReferralRoutes(app: FastifyInstance, options: WebOptions): Promise<void> {
  const { deps, secureCookies } = options
  const serviceUrl = deps.settings.serviceUrl

  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      store: postgresRateLimitStore(deps),
      keyGenerator: (request) => request.ip,
    })

    scope.setErrorHandler(async (error: FastifyError, _request, reply) => {
      if (error.statusCode === 429) {
        return reply.page(
          'error.njk',
          {
            pageTitle: 'Too many reports',
            heading: 'Sorry, you have sent too many reports',
            paragraphs: [
              'To protect this service, we limit how many reports can be sent from one connection. Try again in an hour.',
              'If a child is in immediate danger, call 999 now.',
              'If you need to tell us something urgently, phone your council’s children’s services.',
            ],
          },
          429,
        )
      }
      throw error
    })

    const areas = async () => publicLocalAreas(deps)

    scope.get(PUBLIC_REPORT_PATH, { config: { access: 'public' } }, async (_request, reply) =>
      reply.page('referrals/pages/public-start.njk', { pageTitle: 'Report a concern about a child' }),
    )

    async function formPage(values: Body, errors?: Record<string, string>) {
      const list = await areas()
      return {
        pageTitle: 'Tell us about your concern',
        values,
        onlyArea: list.length === 1 ? list[0] : undefined,
        areaItems: [
          { value: '', text: 'Choose the area' },
          ...list.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.localAreaId })),
        ],
        kindItems: publicReferrerKinds.map((k) => ({
          value: k.id,
          text: k.label,
          checked: values.referrerKind === k.id,
        })),
        errors: errors === undefined ? undefined : formErrors(errors, fieldOrder),
      }
    }

    scope.get(`${PUBLIC_REPORT_PATH}/form`, { config: { access: 'public' } }, async (request, reply) => {
      const q = (request.query ?? {}) as Body
      const danger = q.immediateDanger === 'yes' || q.immediateDanger === 'no' ? q.immediateDanger : undefined
      if (danger === undefined) {
        return reply.page(
          'referrals/pages/public-start.njk',
          {
            pageTitle: 'Report a concern about a child',
            errors: formErrors({ immediateDanger: 'Select yes if a child is in immediate danger' }),
          },
          400,
        )
      }
      if (danger === 'yes' && q.called !== 'yes')
        return reply.page('referrals/pages/call-999.njk', {
          pageTitle: 'Call 999 now',
          next: `${PUBLIC_REPORT_PATH}/form?immediateDanger=yes&called=yes`,
        })
      return reply.page('referrals/pages/public-form.njk', await formPage({ immediateDanger: danger }))
    })

    scope.post(
      `${PUBLIC_REPORT_PATH}/form`,
      {
        config: {
          access: 'public',
          rateLimit: {
            hook: 'preHandler',
            max: PUBLIC_REPORTS_PER_WINDOW,
            timeWindow: PUBLIC_REPORT_WINDOW_MS,
            errorResponseBuilder: (_req, ctx) =>
              Object.assign(new Error('Too many reports from this address'), { statusCode: ctx.statusCode }),
          },
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const dob = formDate(body, 'childDob')
        const dateError =
          dob.kind === 'incomplete' || dob.kind === 'invalid'
            ? { childDateOfBirth: 'Enter a real date of birth, like 14 5 2016, or leave it blank' }
            : undefined
        const danger = body.immediateDanger === 'yes' ? true : body.immediateDanger === 'no' ? false : undefined
        const result = await makePublicReferral(
          deps,
          {
            referrerKind: str(body.referrerKind, 30),
            immediateDanger: danger,
            localAreaId: str(body.localAreaId, 100),
            child: {
              givenName: str(body.childGivenName, 1000),
              familyName: str(body.childFamilyName, 1000),
              dateOfBirth: dob.kind === 'date' ? dob.value : undefined,
              age: str(body.childAge, 1000),
              address: str(body.childAddress, 100_000),
              description: str(body.childDescription, 100_000),
            },
            concern: str(body.concern, 100_000),
            childLocation: str(body.childLocation, 100_000),
            parentsAware: str(body.parentsAware, 20),
            referrerName: str(body.referrerName, 10_000),
            referrerEmail: str(body.referrerEmail, 10_000),
            referrerPhone: str(body.referrerPhone, 10_000),
          },
          request.meta,
          serviceUrl,
        )
        if (dateError !== undefined || !result.ok) {
          const errors = {
            ...(dateError ?? {}),
            ...(result.ok ? {} : (result.error.fields ?? { concern: result.error.message })),
          }
          return reply.page('referrals/pages/public-form.njk', await formPage(body, errors), 400)
        }
        // The reference travels to the next page in a signed cookie, not the address: nothing to bookmark or share.
        void reply.setCookie(SENT_COOKIE, result.value.reference, {
          path: PUBLIC_REPORT_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookies,
          signed: true,
          maxAge: 30 * 60,
        })
        return reply.redirect(`${PUBLIC_REPORT_PATH}/sent`, 303)
      },
    )

    scope.get(`${PUBLIC_REPORT_PATH}/sent`, { config: { access: 'public' } }, async (request, reply: FastifyReply) => {
      const cookie = request.cookies[SENT_COOKIE]
      const unsigned = cookie === undefined ? undefined : request.unsignCookie(cookie)
      if (unsigned?.valid !== true || unsigned.value === null) return reply.redirect(PUBLIC_REPORT_PATH, 303)
      return reply.page('referrals/pages/public-sent.njk', { pageTitle: 'Report sent', reference: unsigned.value })
    })
  })
}
