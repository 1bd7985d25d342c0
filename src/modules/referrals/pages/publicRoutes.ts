import rateLimit from '@fastify/rate-limit'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { sendPublicReport } from '../steps/makePublicReferral.js'
import { loadPublicDraft, savePublicDraft, startPublicDraft } from '../steps/publicReportDrafts.js'
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
import { viewFields } from '../../../platform/steps/mountSteps.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { postgresRateLimitStore } from './rateLimitStore.js'
import {
  applicableQuestions,
  nextQuestion,
  pageAnswers,
  pageOfField,
  publicQuestions,
  toPublicInput,
  type Answers,
  type PublicQuestion,
} from './publicQuestions.js'

/** The public address of the form, for leaflets, council websites and posters. */
export const PUBLIC_REPORT_PATH = '/report-a-concern-about-a-child'
/** Reports one client address may send in PUBLIC_REPORT_WINDOW. Generous for a person, useless to a flood. */
export const PUBLIC_REPORTS_PER_WINDOW = 10
export const PUBLIC_REPORT_WINDOW_MS = 60 * 60 * 1000
const SENT_COOKIE = 'together_report'
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
  const serviceUrl = deps.settings.serviceUrl
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
    const areaName = (list: readonly { id: string; name: string }[]) => (id: string) =>
      list.find((a) => a.id === id)?.name ?? 'Not answered'

    const draftId = (request: FastifyRequest): string | undefined => {
      const cookie = request.cookies[DRAFT_COOKIE]
      const unsigned = cookie === undefined ? undefined : request.unsignCookie(cookie)
      return unsigned?.valid === true && unsigned.value !== null ? unsigned.value : undefined
    }
    const restart = (reply: FastifyReply) => reply.redirect(PUBLIC_REPORT_PATH, 303)
    const pathOf = (slug: string) => `${PUBLIC_REPORT_PATH}/${slug}`

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
        return reply.redirect(pathOf(publicQuestions[0]!.slug), 303)
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
        ? pathOf('check')
        : previous === undefined
          ? PUBLIC_REPORT_PATH
          : previous.slug === 'immediate-danger' && answers.immediateDanger === 'yes'
            ? pathOf('call-999')
            : pathOf(previous.slug)
      const view = viewFields(fields, values)
      return reply.page(
        'referrals/pages/public-question.njk',
        {
          pageTitle: question.heading,
          heading: question.heading,
          intro: question.intro,
          headingField: question.headingField,
          fields: view,
          action: `${pathOf(question.slug)}${change ? '?change=yes' : ''}`,
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
      scope.get(pathOf(question.slug), { config: { access: 'public' } }, async (request, reply) => {
        const answers = await loadPublicDraft(deps, draftId(request))
        if (answers === undefined) return restart(reply)
        return showQuestion(request, reply, question, answers, answers, undefined, 200)
      })

      scope.post(pathOf(question.slug), { config: { access: 'public' } }, async (request, reply) => {
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
          return reply.redirect(pathOf('call-999'), 303)
        const change = (request.query as Body | undefined)?.change === 'yes'
        const next = nextQuestion(updated, (await areas()).length, change ? undefined : question.slug)
        return reply.redirect(next === undefined ? pathOf('check') : pathOf(next.slug), 303)
      })
    }

    scope.get(pathOf('call-999'), { config: { access: 'public' } }, async (request, reply) => {
      const answers = await loadPublicDraft(deps, draftId(request))
      if (answers === undefined) return restart(reply)
      const next = nextQuestion(answers, (await areas()).length, 'immediate-danger')
      return reply.page('referrals/pages/call-999.njk', {
        pageTitle: 'Call 999 now',
        next: next === undefined ? pathOf('check') : pathOf(next.slug),
        back: pathOf('immediate-danger'),
      })
    })

    // ——— Check your answers, and send ———

    async function showCheck(reply: FastifyReply, id: string, answers: Answers, errors?: Record<string, string>) {
      const list = await areas()
      const questions = applicableQuestions(answers, list.length)
      const rows = questions.map((q) => ({
        key: { text: q.heading.replace(/ \(optional\)$/, '') },
        value: { text: q.summary(answers, { areaName: areaName(list) }) },
        actions: {
          items: [
            { href: `${pathOf(q.slug)}?change=yes`, text: 'Change', visuallyHiddenText: q.heading.toLowerCase() },
          ],
        },
      }))
      const summary =
        errors === undefined
          ? undefined
          : {
              summary: Object.entries(errors).map(([field, text]) => ({
                text,
                href: `${pathOf(pageOfField(field) ?? 'check')}?change=yes`,
              })),
              fields: {},
            }
      return reply.page(
        'referrals/pages/public-check.njk',
        {
          pageTitle: 'Check your answers before sending your report',
          rows,
          submissionKey: id,
          action: pathOf('check'),
          back: questions.length > 0 ? pathOf(questions[questions.length - 1]!.slug) : PUBLIC_REPORT_PATH,
          ...(summary === undefined ? {} : { errors: summary }),
        },
        errors === undefined ? 200 : 400,
      )
    }

    scope.get(pathOf('check'), { config: { access: 'public' } }, async (request, reply) => {
      const id = draftId(request)
      const answers = await loadPublicDraft(deps, id)
      if (id === undefined || answers === undefined) return restart(reply)
      const next = nextQuestion(answers, (await areas()).length)
      if (next !== undefined) return reply.redirect(pathOf(next.slug), 303)
      return showCheck(reply, id, answers)
    })

    const sendBody = z.object({ submissionKey: z.string().max(200).optional() })
    scope.post(pathOf('check'), { config: { access: 'public', rateLimit: limited } }, async (request, reply) => {
      const parsed = sendBody.safeParse(request.body ?? {})
      // The cookie names the draft; the page's hidden key must agree (an old page from another report does not send this one).
      const id = draftId(request)
      const key = parsed.success ? parsed.data.submissionKey : undefined
      if (id === undefined || (key !== undefined && key !== id)) return restart(reply)
      // A report with questions still to answer (sent from an old page) goes to the first of them.
      const draft = await loadPublicDraft(deps, id)
      const unanswered = draft === undefined ? undefined : nextQuestion(draft, (await areas()).length)
      if (unanswered !== undefined) return reply.redirect(pathOf(unanswered.slug), 303)
      const result = await sendPublicReport(deps, id, toPublicInput, request.meta, serviceUrl)
      if (!result.ok) {
        if (result.error.code === 'REFERRAL.NOT_FOUND') return restart(reply)
        const answers = await loadPublicDraft(deps, id)
        if (answers === undefined) return restart(reply)
        return showCheck(reply, id, answers, result.error.fields ?? { concern: result.error.message })
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
    })

    scope.get(`${PUBLIC_REPORT_PATH}/sent`, { config: { access: 'public' } }, async (request, reply: FastifyReply) => {
      const cookie = request.cookies[SENT_COOKIE]
      const unsigned = cookie === undefined ? undefined : request.unsignCookie(cookie)
      if (unsigned?.valid !== true || unsigned.value === null) return restart(reply)
      return reply.page('referrals/pages/public-sent.njk', {
        pageTitle: 'Report sent',
        reference: unsigned.value,
        childline: CHILDLINE_NUMBER,
      })
    })
  })
}
