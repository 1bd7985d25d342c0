import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { searchChildren } from '../../children/queries/searchChildren.js'
import { listInformationRequests } from '../queries/listInformationRequests.js'
import { makeReferral } from '../steps/makeReferral.js'
import { myReferrals } from '../queries/myReferrals.js'
import { referralFormChild } from '../steps/referralFormChild.js'
import { referralSent } from '../queries/referralSent.js'
import { localAuthorityFor } from '../queries/referralAccess.js'
import { viewInformationRequest } from '../queries/viewInformationRequest.js'
import { viewReferral } from '../queries/viewReferral.js'
import type { Actor } from '../../../platform/identity/actor.js'
import {
  consentAnswers,
  consentLabels,
  defaultReferralSource,
  parentalFactors,
  referralDetailFields,
  referralSectionHeadings,
} from '../domain/referral.js'
import { asArray, formDate, formErrors, formText } from '../../../platform/web/forms.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { decisionRows, referralSections, sourceItems } from './present.js'

type Body = Record<string, unknown>
const str = formText

/** Form order, so the error summary lists problems as the form asks the questions. */
const fieldOrder = [
  'immediateDanger',
  'childGivenName',
  'childFamilyName',
  'childDateOfBirth',
  'childSex',
  'childAddress',
  ...referralDetailFields.map((f) => f.name),
  'parentalFactors',
  'parentsAware',
  'parentalConsent',
  'consentNotSoughtReason',
  'parentsViews',
  'referrerRelationship',
  'referrerContact',
  'identityWithheld',
  'identityWithheldReason',
  'sourceCode',
]

const dangerAnswer = (v: unknown): 'yes' | 'no' | undefined => (v === 'yes' || v === 'no' ? v : undefined)

export function referralRoutes(app: FastifyInstance, options: WebOptions): void {
  const { deps } = options
  const serviceUrl = deps.settings.serviceUrl
  const notFound = (reply: FastifyReply) => reply.callNotFound()

  app.get('/referrals', async (request, reply) => {
    const items = await myReferrals(deps, request.actor as Actor, request.meta)
    return reply.page('referrals/pages/mine.njk', { pageTitle: 'Your referrals', items })
  })

  // ——— Making a referral: immediate danger first, then the child, then the referral itself ———

  app.get('/referrals/new', async (_request, reply) =>
    reply.page('referrals/pages/danger.njk', { pageTitle: 'Is the child in immediate danger?' }),
  )

  app.get('/referrals/new/child', async (request, reply) => {
    const actor = request.actor as Actor
    const q = (request.query ?? {}) as Body
    const danger = dangerAnswer(q.immediateDanger)
    if (danger === undefined) {
      return reply.page(
        'referrals/pages/danger.njk',
        {
          pageTitle: 'Is the child in immediate danger?',
          errors: formErrors({ immediateDanger: 'Select yes if the child is in immediate danger' }),
        },
        400,
      )
    }
    if (danger === 'yes' && q.called !== 'yes')
      return reply.page('referrals/pages/call-999.njk', {
        pageTitle: 'Call 999 now',
        next: '/referrals/new/child?immediateDanger=yes&called=yes',
      })
    const search = {
      givenName: str(q.givenName, 200),
      familyName: str(q.familyName, 200),
      dateOfBirth: str(q.dateOfBirth, 20),
      nhsNumber: str(q.nhsNumber, 40),
      upn: str(q.upn, 40),
    }
    const searched = Object.values(search).some((v) => v.trim() !== '')
    let matches: unknown[] = []
    let errors
    if (searched) {
      const result = await searchChildren(deps, actor, search, request.meta)
      if (result.ok) matches = result.value
      else errors = formErrors(result.error.fields ?? {})
    }
    return reply.page(
      'referrals/pages/child.njk',
      {
        pageTitle: 'Which child is the referral about?',
        danger,
        called: q.called === 'yes',
        search,
        searched: searched && errors === undefined,
        matches,
        errors,
      },
      errors === undefined ? 200 : 400,
    )
  })

  async function formPage(request: FastifyRequest, values: Body, errors?: Record<string, string>) {
    const actor = request.actor as Actor
    const childId = str(values.childId, 100)
    const found = childId === '' ? undefined : await referralFormChild(deps, actor, childId, request.meta)
    if (found !== undefined && !found.ok) return undefined
    const child = found?.value
    const la = await localAuthorityFor(deps.db, child?.localAreaId ?? actor.localAreaId)
    const source = defaultReferralSource(
      { organisationId: actor.organisationId, kind: actor.organisationKind, localAreaId: actor.localAreaId },
      { organisationId: la?.id ?? '', localAreaId: child?.localAreaId ?? actor.localAreaId },
    )
    const factorsChosen = asArray(values.parentalFactors)
    return {
      pageTitle: 'Make a referral to children’s social care',
      values,
      child,
      localAuthority: la?.name,
      sections: (['concern', 'child', 'family', 'history'] as const).map((section) => ({
        heading: referralSectionHeadings[section],
        fields: referralDetailFields
          .filter((f) => f.section === section)
          .map((f) => ({ ...f, short: f.max <= 500, optional: f.missing === undefined })),
      })),
      factorItems: parentalFactors.map((f) => ({ value: f.id, text: f.label, checked: factorsChosen.includes(f.id) })),
      consentItems: consentAnswers.map((c) => ({
        value: c,
        text: consentLabels[c],
        checked: values.parentalConsent === c,
      })),
      sourceItems: sourceItems(str(values.sourceCode, 10) || source),
      errors: errors === undefined ? undefined : formErrors(errors, fieldOrder),
    }
  }

  app.get('/referrals/new/details', async (request, reply) => {
    const q = (request.query ?? {}) as Body
    const danger = dangerAnswer(q.immediateDanger)
    const data = await formPage(request, { childId: str(q.childId, 100), immediateDanger: danger ?? '' })
    if (data === undefined) return notFound(reply)
    return reply.page('referrals/pages/form.njk', data)
  })

  app.post('/referrals', async (request, reply) => {
    const actor = request.actor as Actor
    const body = (request.body ?? {}) as Body
    const dob = formDate(body, 'childDob')
    const dateErrors: Record<string, string> =
      dob.kind === 'incomplete' || dob.kind === 'invalid'
        ? { childDateOfBirth: 'Enter a real date of birth, like 14 5 2016' }
        : {}
    const childId = str(body.childId, 100)
    const danger = dangerAnswer(body.immediateDanger)
    const result =
      Object.keys(dateErrors).length > 0
        ? undefined
        : await makeReferral(
            deps,
            actor,
            {
              childId: childId === '' ? undefined : childId,
              child:
                childId === ''
                  ? {
                      givenName: str(body.childGivenName, 1000),
                      familyName: str(body.childFamilyName, 1000),
                      dateOfBirth: dob.kind === 'date' ? dob.value : undefined,
                      sex: str(body.childSex, 50),
                      address: str(body.childAddress, 100_000),
                    }
                  : undefined,
              referral: {
                immediateDanger: danger === undefined ? undefined : danger === 'yes',
                details: Object.fromEntries(referralDetailFields.map((f) => [f.name, str(body[f.name], 100_000)])),
                parentalFactors: asArray(body.parentalFactors).slice(0, 20),
                consent: {
                  parentsAware: str(body.parentsAware, 10),
                  parentalConsent: str(body.parentalConsent, 20),
                  consentNotSoughtReason: str(body.consentNotSoughtReason, 100_000),
                  parentsViews: str(body.parentsViews, 100_000),
                },
                referrerRelationship: str(body.referrerRelationship, 10_000),
                identity: {
                  identityWithheld: str(body.identityWithheld, 10),
                  identityWithheldReason: str(body.identityWithheldReason, 100_000),
                },
                referrerContact: str(body.referrerContact, 10_000),
                sourceCode: str(body.sourceCode, 10),
              },
            },
            request.meta,
            serviceUrl,
          )
    if (result !== undefined && result.ok) return reply.redirect(`/referrals/${result.value.id}/sent`, 303)
    if (result !== undefined && result.error.code === 'REFERRAL.CHILD_NOT_FOUND') return notFound(reply)
    const errors =
      result === undefined
        ? dateErrors
        : { ...dateErrors, ...(result.error.fields ?? { concern: result.error.message }) }
    const data = await formPage(request, body, errors)
    if (data === undefined) return notFound(reply)
    return reply.page('referrals/pages/form.njk', data, 400)
  })

  app.get<{ Params: { id: string } }>('/referrals/:id/sent', async (request, reply) => {
    const sent = await referralSent(deps, request.actor as Actor, request.params.id, request.meta)
    if (!sent.ok) return notFound(reply)
    return reply.page('referrals/pages/sent.njk', { pageTitle: 'Referral sent', referral: sent.value })
  })

  // The referrer's view of one referral (the local authority works on it at /front-door/referrals/:id).
  app.get<{ Params: { id: string } }>('/referrals/:id', async (request, reply) => {
    const view = await viewReferral(deps, request.actor as Actor, request.params.id, request.meta)
    if (!view.ok) return notFound(reply)
    if (view.value.frontDoor) return reply.redirect(`/front-door/referrals/${view.value.id}`, 303)
    return reply.page('referrals/pages/referral.njk', {
      pageTitle: `Referral ${view.value.reference}`,
      referral: view.value,
      sections: referralSections(view.value),
      decision: view.value.decision === null ? undefined : decisionRows(view.value.decision),
    })
  })

  // ——— Requests for information, for the agency asked ———

  const noInbox = (reply: FastifyReply) =>
    reply.page(
      'error.njk',
      {
        pageTitle: 'You do not have access',
        heading: 'You do not have access to this page',
        paragraphs: ['Requests for information go to your organisation’s safeguarding leads.'],
        showHomeLink: true,
      },
      403,
    )

  app.get('/information-requests', async (request, reply) => {
    const result = await listInformationRequests(deps, request.actor as Actor, request.meta)
    if (!result.ok) return noInbox(reply)
    return reply.page('referrals/pages/information-requests.njk', {
      pageTitle: 'Requests for information',
      items: result.value,
    })
  })

  // The request, its answers and the form to answer it; the form is sent to the answerInformationRequest step.
  app.get<{ Params: { id: string } }>('/information-requests/:id', async (request, reply) => {
    const view = await viewInformationRequest(deps, request.actor as Actor, request.params.id, request.meta)
    if (!view.ok) return notFound(reply)
    const q = (request.query ?? {}) as Body
    return reply.page('referrals/pages/information-request.njk', {
      pageTitle: 'Request for information',
      request: view.value,
      answered: q.answered === '1',
      submissionKey: randomUUID(),
    })
  })
}
