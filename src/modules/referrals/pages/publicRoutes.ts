import rateLimit from '@fastify/rate-limit'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { makePublicReferral } from '../steps/makePublicReferral.js'
import { loadPublicDraft, savePublicDraft, sentWithKey, startPublicDraft } from '../steps/publicReportDrafts.js'
import { publicLocalAreas } from '../queries/publicLocalAreas.js'
import { formErrors } from '../../../platform/web/forms.js'
import {
  fieldErrors,
  formSchema,
  missingRevealed,
  radios,
  readForm,
  type Fields,
} from '../../../platform/forms/fields.js'
import { mountSteps, viewFields } from '../../../platform/steps/mountSteps.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { postgresRateLimitStore } from './rateLimitStore.js'
import {
  applicableQuestions,
  nextQuestion,
  pageAnswers,
  PUBLIC_REPORT_PATH,
  publicPage,
  publicQuestions,
  type Answers,
  type PublicQuestion,
} from './publicQuestions.js'

/** Reports one client address may send in PUBLIC_REPORT_WINDOW. Generous for a person, useless to a flood. */
export const PUBLIC_REPORTS_PER_WINDOW = 10
export const PUBLIC_REPORT_WINDOW_MS = 60 * 60 * 1000
const DRAFT_COOKIE = 'together_report_draft'
/** Childline, for a child or young person (NSPCC): free, any time. */
export const CHILDLINE_NUMBER = '0800 1111'

type Body = Record<string, unknown>

/**
 * Reporting a concern about a child with no account, one question per page (the GOV.UK question pages pattern):
 * first what to do in an emergency and whom to phone, then the questions, check your answers, and the reference.
 * What is answered so far is kept server-side (public_report_draft), named by a signed cookie only this browser
 * holds; nothing reaches the referral tables until "Send", and the same report sent twice writes once (the draft's
 * id is the submission key). Starting a report and sending one are rate-limited per client address, with the
 * counters in PostgreSQL so that every instance counts alike; refusals get a page with status 429. The limit is
 * checked after the CSRF token (both pre-handlers), so a forged post is refused as such and spends nobody's
 * allowance. CSRF works without a session: the security plugin's token is tied to a signed `_csrf` cookie.
 */
export async function publicReferralRoutes(app: FastifyInstance, options: WebOptions): Promise<void> {
  const { deps, secureCookies } = options
  const limited = {
    hook: 'preHandler' as const,
    max: PUBLIC_REPORTS_PER_WINDOW,
    timeWindow: PUBLIC_REPORT_WINDOW_MS,
    errorResponseBuilder: (_req: FastifyRequest, ctx: { statusCode: number }) =>
      Object.assign(new Error('Too many reports from this address'), { statusCode: ctx.statusCode }),
  }

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

    const draftId = (request: FastifyRequest): string | undefined => {
      const cookie = request.cookies[DRAFT_COOKIE]
      const unsigned = cookie === undefined ? undefined : request.unsignCookie(cookie)
      return unsigned?.valid === true && unsigned.value !== null ? unsigned.value : undefined
    }
    const restart = (reply: FastifyReply) => reply.redirect(PUBLIC_REPORT_PATH, 303)

    // ——— The first page: what to do in an emergency, and whom to phone ———

    scope.get(PUBLIC_REPORT_PATH, { config: { access: 'public' } }, async (_request, reply) =>
      reply.page('referrals/pages/public-start.njk', {
        pageTitle: 'Report a concern about a child',
        areas: await areas(),
        childline: CHILDLINE_NUMBER,
      }),
    )

    scope.post(
      `${PUBLIC_REPORT_PATH}/start`,
      { config: { access: 'public', rateLimit: limited } },
      async (_request, reply) => {
        const list = await areas()
        // With one area in Together, the report goes there and the question is not asked.
        const id = await startPublicDraft(
          deps,
          list.length === 1 && list[0] !== undefined ? { localAreaId: list[0].id } : {},
        )
        void reply.setCookie(DRAFT_COOKIE, id, {
          path: PUBLIC_REPORT_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookies,
          signed: true,
          maxAge: 24 * 60 * 60,
        })
        return reply.redirect(publicPage(publicQuestions[0]!.slug), 303)
      },
    )

    // ——— One page per question ———

    async function fieldsOf(question: PublicQuestion): Promise<Fields> {
      if (question.slug !== 'area') return question.fields
      const list = await areas()
      return {
        localAreaId: radios({
          label: question.heading,
          options: list.map((a) => ({ value: a.id, text: a.name })),
          required: 'Select the area the child lives in',
        }),
      }
    }

    async function showQuestion(
      request: FastifyRequest,
      reply: FastifyReply,
      question: PublicQuestion,
      answers: Answers,
      values: Body,
      errors: Record<string, string> | undefined,
      status: number,
    ) {
      const fields = await fieldsOf(question)
      const change = (request.query as Body | undefined)?.change === 'yes'
      const list = applicableQuestions(answers, (await areas()).length)
      const index = list.findIndex((q) => q.slug === question.slug)
      const previous = index > 0 ? list[index - 1] : undefined
      // After "yes, a child is in immediate danger" the page before the next question was "Call 999 now".
      const back = change
        ? publicPage('check')
        : previous === undefined
          ? PUBLIC_REPORT_PATH
          : previous.slug === 'immediate-danger' && answers.immediateDanger === 'yes'
            ? publicPage('call-999')
            : publicPage(previous.slug)
      const view = viewFields(fields, values)
      return reply.page(
        'referrals/pages/public-question.njk',
        {
          pageTitle: question.heading,
          heading: question.heading,
          intro: question.intro,
          headingField: question.headingField,
          fields: view,
          action: `${publicPage(question.slug)}${change ? '?change=yes' : ''}`,
          back,
          conditionalReveals: Object.values(fields).some(
            (f) => f.kind === 'radios' && f.options.some((o) => (o.reveals ?? []).length > 0),
          ),
          ...(errors === undefined ? {} : { errors: formErrors(errors, Object.keys(fields)) }),
        },
        status,
      )
    }

    for (const question of publicQuestions) {
      scope.get(publicPage(question.slug), { config: { access: 'public' } }, async (request, reply) => {
        const answers = await loadPublicDraft(deps, draftId(request))
        if (answers === undefined) return restart(reply)
        return showQuestion(request, reply, question, answers, answers, undefined, 200)
      })

      scope.post(publicPage(question.slug), { config: { access: 'public' } }, async (request, reply) => {
        const id = draftId(request)
        const answers = await loadPublicDraft(deps, id)
        if (id === undefined || answers === undefined) return restart(reply)
        const body = (request.body ?? {}) as Body
        const fields = await fieldsOf(question)
        const given = pageAnswers({ ...question, fields }, body)
        const parsed = formSchema(fields).safeParse(readForm(fields, body))
        const errors = {
          ...(parsed.success ? {} : fieldErrors(parsed.error)),
          ...missingRevealed(fields, body),
          ...(question.check?.(given, todayInEngland(deps.clock.now())) ?? {}),
        }
        // Bad input writes nothing, not even to the draft: the page shows what was typed and every problem.
        if (Object.keys(errors).length > 0) return showQuestion(request, reply, question, answers, body, errors, 400)
        const updated = { ...answers, ...given, [`seen:${question.slug}`]: 'yes' }
        await savePublicDraft(deps, id, updated)
        if (question.slug === 'immediate-danger' && updated.immediateDanger === 'yes')
          return reply.redirect(publicPage('call-999'), 303)
        const change = (request.query as Body | undefined)?.change === 'yes'
        const next = nextQuestion(updated, (await areas()).length, change ? undefined : question.slug)
        return reply.redirect(next === undefined ? publicPage('check') : publicPage(next.slug), 303)
      })
    }

    scope.get(publicPage('call-999'), { config: { access: 'public' } }, async (request, reply) => {
      const answers = await loadPublicDraft(deps, draftId(request))
      if (answers === undefined) return restart(reply)
      const next = nextQuestion(answers, (await areas()).length, 'immediate-danger')
      return reply.page('referrals/pages/call-999.njk', {
        pageTitle: 'Call 999 now',
        next: next === undefined ? publicPage('check') : publicPage(next.slug),
        back: publicPage('immediate-danger'),
      })
    })

    // ——— Check your answers, and send: the step's own page, sent with the draft's id as its submission key ———

    mountSteps(scope, deps, [makePublicReferral], {
      // The cookie names the draft; the page's hidden key must agree (an old page from another report does not send this one).
      submissionKey: (request, sent) => {
        const id = draftId(request)
        return sent === undefined || sent === id ? id : undefined
      },
      sentConfig: { rateLimit: limited },
    })

    // The reference is found by the draft's cookie, not the address: nothing to bookmark or share.
    scope.get(publicPage('sent'), { config: { access: 'public' } }, async (request, reply: FastifyReply) => {
      const reference = await sentWithKey(deps, draftId(request))
      if (reference === undefined) return restart(reply)
      return reply.page('referrals/pages/public-sent.njk', {
        pageTitle: 'Report sent',
        reference,
        childline: CHILDLINE_NUMBER,
      })
    })
  })
}
