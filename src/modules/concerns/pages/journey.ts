import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createChild } from '../../children/steps/createChild.js'
import { TEXT_LIMITS } from '../domain/text.js'
import { sql } from 'kysely'
import { isUuid } from '../../../platform/shared/ids.js'
import { fieldProblems } from '../../../platform/shared/result.js'
import { readTime } from '../../../platform/forms/readers.js'
import { alertImmediateDanger } from '../steps/alertImmediateDanger.js'
import { searchChildren, visibleChildren } from '../../children/queries/searchChildren.js'
import { loadDraft, saveDraft, startDraft, type ConcernDraft } from '../steps/concernDrafts.js'
import { concernBody, recordConcern } from '../steps/recordConcern.js'
import { runStep } from '../../../platform/steps/defineStep.js'
import { recordedConcern } from '../steps/recordedConcern.js'
import { localDate } from '../../../platform/calendar/localDate.js'
import { londonInstant, londonWallClock } from '../../../platform/calendar/london.js'
import { bodyRegions, BODY_MAP_SIDE_NOTE, isBodySide, MAX_BODY_MAP_MARKS, validateMark } from '../domain/bodyMap.js'
import {
  concernCategories,
  concernCategoryLabel,
  validateNewConcern,
  type ConcernCategoryId,
  type NewConcernInput,
} from '../domain/concern.js'
import { fgmDutyNotice, fgmLocalProceduresNotice } from '../domain/fgmDuty.js'
import { concernNextStep } from '../domain/nextStep.js'
import { findOpinionWords, opinionHint } from '../domain/opinionCheck.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { asArray, formDate, formErrors, formText } from '../../../platform/web/forms.js'
import { bodyMapView, type BodyMapPosition } from './bodyMapView.js'

type Body = Record<string, unknown>
const str = formText

// The front door's police protection form reads its times with the same function.
export { londonInstant }

/** A time as people write it (9.15am, 09:15, 21:15) read by the one time reader, as [text, hour, minute]. */
function hourMinute(text: string | undefined): readonly [string, string, string] | null {
  const read = readTime(text ?? '', 'time')
  return read.ok ? [read.value, read.value.slice(0, 2), read.value.slice(3, 5)] : null
}

/** The draft's answers as the domain's input; parsing problems become undefined so the domain reports them. */
export function draftToInput(draft: ConcernDraft, now: Date): NewConcernInput {
  let observedAtMs: number | undefined
  const time = hourMinute(draft.observedTime)
  const d = Number(draft.observedDay)
  const m = Number(draft.observedMonth)
  const y = Number(draft.observedYear)
  if (time !== null && localDate(y, m, d).ok && Number(time[1]) < 24 && Number(time[2]) < 60) {
    observedAtMs = londonInstant(y, m, d, Number(time[1]), Number(time[2]))
  }
  let policeCalledAtMs: number | undefined
  const police = hourMinute(draft.policeCalledTime)
  if (police !== null && Number(police[1]) < 24 && Number(police[2]) < 60) {
    const t = londonWallClock(now)
    policeCalledAtMs = londonInstant(t.year, t.month, t.day, Number(police[1]), Number(police[2]))
  }
  return {
    childIds: draft.childIds,
    facts: draft.facts ?? '',
    observedAtMs,
    place: draft.place ?? '',
    childWords: draft.childWords ?? '',
    othersPresent: draft.othersPresent ?? '',
    categories: draft.categories ?? [],
    fgmKnown: draft.fgmKnown ?? false,
    bodyMap: draft.marks,
    actionTaken: draft.actionTaken ?? '',
    immediateDanger: draft.immediateDanger === undefined ? undefined : draft.immediateDanger === 'yes',
    policeCalledAtMs,
    policeReference: draft.policeReference,
  }
}

/** Which page of the journey asks for each field, so errors on the check page link to the right place. */
const fieldPage: Record<string, string> = {
  children: 'child',
  immediateDanger: 'danger',
  policeCalledAt: 'danger',
  policeReference: 'danger',
  observedAt: 'what-happened',
  place: 'what-happened',
  facts: 'what-happened',
  childWords: 'what-happened',
  othersPresent: 'what-happened',
  actionTaken: 'what-happened',
  categories: 'categories',
  otherCategory: 'categories',
  fgmKnown: 'categories',
  bodyMap: 'categories',
}

const regionItems = [
  { value: '', text: 'Choose a part of the body' },
  // Each region's name already says which side it is on: adding the side again read "Neck (front) (front)".
  ...bodyRegions.map((r) => ({ value: r.id, text: r.label })),
]

/** A percentage from the body map's hidden inputs: empty is "not given", anything but a plain number is NaN. */
const percentField = (text: string): number | undefined =>
  text === '' ? undefined : /^\d{1,3}(\.\d{1,4})?$/.test(text) ? Number(text) : Number.NaN

export function concernJourneyRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  // Every page of the journey says what happens next in words that fit who is recording (issue 17, item 11).
  const page = (reply: FastifyReply, template: string, data: Record<string, unknown>, status?: number) => {
    const actor = (reply.request as { actor?: Actor }).actor
    const nextStep = actor === undefined ? undefined : concernNextStep(actor.roles, actor.organisationKind)
    return reply.page(template, { ...data, nextStep }, status)
  }
  /**
   * A question page of the journey, shown with `values` (the draft's answers, or what was typed) and `more` (its
   * own data); shown again with the problems (`more.errors`) it answers 400.
   */
  const question =
    (template: string, pageTitle: string) =>
    (reply: FastifyReply, draftId: string, values: unknown, more: Record<string, unknown> = {}) =>
      page(reply, template, { pageTitle, draftId, values, ...more }, more.errors === undefined ? 200 : 400)
  const newChildPage = question('concerns/pages/new-child.njk', 'Add the child’s details')
  const dangerPage = question('concerns/pages/danger.njk', 'Is the child in immediate danger?')
  const whatHappenedPage = question('concerns/pages/what-happened.njk', 'What happened?')
  /**
   * A draft page that is not there. If it was the person's own draft, already sent, say so and link to the
   * concern (Back after sending lands here); anything else is "page not found", as for any unknown address.
   */
  const gone = async (reply: FastifyReply) => {
    const request = reply.request as { actor?: Actor; params?: { id?: string } }
    const draftId = request.params?.id
    const actor = request.actor
    if (actor !== undefined && draftId !== undefined && isUuid(draftId)) {
      const sent = await deps.db
        .selectFrom('concern')
        .select(['concern.id', 'concern.reference'])
        .where('concern.author_user_id', '=', actor.userId)
        .where(
          sql<boolean>`concern.id::text = (SELECT subject_id FROM audit_event WHERE action = 'concern.recorded'
            AND actor_user_id = ${actor.userId} AND details->>'draftId' = ${draftId} LIMIT 1)`,
        )
        .executeTakeFirst()
      if (sent !== undefined)
        return page(reply, 'concerns/pages/already-sent.njk', {
          pageTitle: 'This concern has already been sent',
          concern: sent,
        })
    }
    return reply.callNotFound()
  }

  type DraftRequest = FastifyRequest<{ Params: { id: string } }>
  /**
   * A page of the journey (`/concerns/new/:id/…`): the person's own draft loaded for `handle`, or `gone` when it
   * is not there (sent already, someone else's, or no draft at all).
   */
  const draftPage = (
    method: 'get' | 'post',
    path: `/concerns/new/:id/${string}`,
    handle: (request: DraftRequest, reply: FastifyReply, draft: ConcernDraft, actor: Actor) => Promise<unknown>,
  ) =>
    app[method]<{ Params: { id: string } }>(path, async (request, reply) => {
      const actor = request.actor as Actor
      const draft = await loadDraft(deps, actor, request.params.id, request.meta)
      if (draft === undefined) return gone(reply)
      return handle(request, reply, draft, actor)
    })

  app.get('/concerns/new', async (request, reply) => {
    const id = await startDraft(deps, request.actor as Actor)
    return reply.redirect(`/concerns/new/${id}/child`, 303)
  })

  async function childPage(
    actor: Actor,
    draftId: string,
    draft: ConcernDraft,
    query: Body,
    meta: { correlationId: string },
  ) {
    const selected = (await visibleChildren(deps.db, actor, draft.childIds)).map((c) => ({
      id: c.id,
      givenName: c.given_name,
      familyName: c.family_name,
      dateOfBirth: c.date_of_birth,
    }))
    const search = {
      givenName: str(query.givenName, 200),
      familyName: str(query.familyName, 200),
      dateOfBirth: str(query.dateOfBirth, 20),
      nhsNumber: str(query.nhsNumber, 40),
      upn: str(query.upn, 40),
    }
    // The search form was sent (even empty: then the search says what to enter, rather than nothing happening).
    const searched = Object.values(search).some((v) => v.trim() !== '') || 'givenName' in query
    let matches: unknown[] = []
    let errors
    if (searched) {
      const result = await searchChildren(deps, actor, search, meta)
      if (result.ok) matches = result.value.filter((m) => !draft.childIds.includes(m.id))
      else errors = formErrors(result.error.fields ?? {})
    }
    return {
      pageTitle: 'Which child is it about?',
      draftId,
      selected,
      search,
      searched: searched && errors === undefined,
      matches,
      errors,
    }
  }

  draftPage('get', '/concerns/new/:id/child', async (request, reply, draft, actor) => {
    const data = await childPage(actor, request.params.id, draft, (request.query ?? {}) as Body, request.meta)
    return page(reply, 'concerns/pages/child.njk', data, data.errors === undefined ? 200 : 400)
  })

  draftPage('post', '/concerns/new/:id/child', async (request, reply, draft, actor) => {
    const body = (request.body ?? {}) as Body
    const add = str(body.add, 100)
    const remove = str(body.remove, 100)
    if (add !== '') {
      const visible = await visibleChildren(deps.db, actor, [add])
      if (visible.length === 1 && !draft.childIds.includes(add)) draft.childIds.push(add)
      await saveDraft(deps, actor, request.params.id, draft)
    } else if (remove !== '') {
      draft.childIds = draft.childIds.filter((c) => c !== remove)
      await saveDraft(deps, actor, request.params.id, draft)
    } else if (body.continue === 'yes') {
      if (draft.childIds.length === 0) {
        const data = await childPage(actor, request.params.id, draft, {}, request.meta)
        return page(
          reply,
          'concerns/pages/child.njk',
          { ...data, errors: formErrors({ givenName: 'Search for the child and choose them, or add their details' }) },
          400,
        )
      }
      return reply.redirect(`/concerns/new/${request.params.id}/danger`, 303)
    }
    return reply.redirect(`/concerns/new/${request.params.id}/child`, 303)
  })

  draftPage('get', '/concerns/new/:id/new-child', async (request, reply) => {
    const q = (request.query ?? {}) as Body
    return newChildPage(reply, request.params.id, {
      givenName: str(q.givenName, 200),
      familyName: str(q.familyName, 200),
    })
  })

  draftPage('post', '/concerns/new/:id/new-child', async (request, reply, draft, actor) => {
    const body = (request.body ?? {}) as Body
    const dateFrom = (prefix: string, field: string, errors: Record<string, string>) => {
      const date = formDate(body, prefix)
      if (date.kind === 'date') return date.value
      if (date.kind !== 'blank') errors[field] = 'Enter a real date, like 14 5 2016'
      return undefined
    }
    const dateErrors: Record<string, string> = {}
    const dateOfBirth = dateFrom('dob', 'dateOfBirth', dateErrors)
    const expectedDateOfDelivery = dateFrom('edd', 'expectedDateOfDelivery', dateErrors)
    const render = (errors: Record<string, string>) =>
      newChildPage(reply, request.params.id, body, {
        errors: formErrors(errors, [
          'givenName',
          'familyName',
          'dateOfBirth',
          'expectedDateOfDelivery',
          'sex',
          'nhsNumber',
          'upn',
        ]),
      })
    if (Object.keys(dateErrors).length > 0) return render(dateErrors)
    const result = await createChild(
      deps,
      actor,
      {
        givenName: str(body.givenName, 1000),
        familyName: str(body.familyName, 1000),
        dateOfBirth,
        expectedDateOfDelivery,
        sex: str(body.sex, 20) || undefined,
        nhsNumber: str(body.nhsNumber, 40) || undefined,
        upn: str(body.upn, 40) || undefined,
      },
      request.meta,
    )
    if (!result.ok) return render(result.error.fields ?? { givenName: result.error.message })
    if (!draft.childIds.includes(result.value.id)) draft.childIds.push(result.value.id)
    await saveDraft(deps, actor, request.params.id, draft)
    return reply.redirect(`/concerns/new/${request.params.id}/child`, 303)
  })

  draftPage('get', '/concerns/new/:id/danger', async (request, reply, draft) =>
    dangerPage(reply, request.params.id, draft),
  )

  draftPage('post', '/concerns/new/:id/danger', async (request, reply, draft, actor) => {
    const body = (request.body ?? {}) as Body
    const answer = body.immediateDanger === 'yes' || body.immediateDanger === 'no' ? body.immediateDanger : undefined
    const next: ConcernDraft = {
      ...draft,
      immediateDanger: answer,
      policeCalledTime: str(body.policeCalledTime, 10),
      policeReference: str(body.policeReference, 200),
    } as ConcernDraft
    const errors: Record<string, string> = {}
    if (answer === undefined) errors.immediateDanger = 'Select yes if the child is in immediate danger'
    const called = readTime(next.policeCalledTime ?? '', 'time you called 999')
    if (answer === 'yes' && next.policeCalledTime !== '' && !called.ok) errors.policeCalledTime = called.error
    if (Object.keys(errors).length > 0)
      return dangerPage(reply, request.params.id, next, { errors: formErrors(errors) })
    await saveDraft(deps, actor, request.params.id, next)
    // Alerted now, not when the concern is sent: it may take a while to write, or never be finished.
    if (answer === 'yes') await alertImmediateDanger(deps, actor, request.params.id, next, request.meta)
    return reply.redirect(`/concerns/new/${request.params.id}/what-happened`, 303)
  })

  draftPage('get', '/concerns/new/:id/what-happened', async (request, reply, draft) =>
    whatHappenedPage(reply, request.params.id, draft, {
      limits: TEXT_LIMITS,
      dangerAlert:
        draft.immediateDanger === 'yes' && draft.dangerAlertedAt !== undefined
          ? { alerted: draft.dangerAlerted ?? 0 }
          : undefined,
      opinionHint: opinionHint(findOpinionWords(draft.facts ?? '')),
    }),
  )

  draftPage('post', '/concerns/new/:id/what-happened', async (request, reply, draft, actor) => {
    const b = (request.body ?? {}) as Body
    const next: ConcernDraft = {
      ...draft,
      observedDay: str(b['observed-day'], 10),
      observedMonth: str(b['observed-month'], 10),
      observedYear: str(b['observed-year'], 10),
      observedTime: str(b.observedTime, 10),
      place: str(b.place, 1000),
      facts: str(b.facts, 20_000),
      childWords: str(b.childWords, 10_000),
      othersPresent: str(b.othersPresent, 2000),
      actionTaken: str(b.actionTaken, 10_000),
    }
    // Check this page's answers with the domain's own rules, so the person fixes them here, not at the end.
    const check = validateNewConcern(draftToInput(next, deps.clock.now()), deps.clock.now().getTime())
    const pageFields = ['observedAt', 'place', 'facts', 'childWords', 'othersPresent', 'actionTaken']
    const errors = Object.fromEntries(Object.entries(fieldProblems(check)).filter(([f]) => pageFields.includes(f)))
    if (Object.keys(errors).length > 0)
      return whatHappenedPage(reply, request.params.id, next, {
        limits: TEXT_LIMITS,
        errors: formErrors(errors, pageFields),
      })
    await saveDraft(deps, actor, request.params.id, next)
    return reply.redirect(`/concerns/new/${request.params.id}/categories`, 303)
  })

  /** mark: what was typed for the mark being added, shown again after an error (a position only if valid). */
  const categoriesData = async (
    actor: Actor,
    draftId: string,
    draft: ConcernDraft,
    extra: Record<string, unknown> = {},
    mark?: { region: string; description: string; position?: BodyMapPosition; childId?: string },
  ) => {
    const children = (await visibleChildren(deps.db, actor, draft.childIds)).map((c) => ({
      id: c.id,
      name: `${c.given_name} ${c.family_name}`,
    }))
    const bodyMap = bodyMapView(draft.marks, mark?.position, children)
    return {
      pageTitle: 'What kind of concern is it?',
      draftId,
      values: draft,
      categoryItems: concernCategories.map((c) => ({
        value: c.id,
        text: c.label,
        hint: { text: c.hint },
        checked: (draft.categories ?? []).includes(c.id),
      })),
      regionItems: regionItems.map((r) => ({ ...r, selected: r.value !== '' && r.value === mark?.region })),
      markDescription: mark?.description ?? '',
      // With one child every mark is on them; with several, each mark says whose it is.
      marksOn: children.length === 1 ? children[0]?.name : undefined,
      childItems:
        children.length > 1
          ? [
              { value: '', text: 'Choose a child' },
              ...children.map((c) => ({ value: c.id, text: c.name, selected: c.id === mark?.childId })),
            ]
          : undefined,
      sideNote: BODY_MAP_SIDE_NOTE,
      bodyMap,
      marks: bodyMap.items,
      ...extra,
    }
  }

  draftPage('get', '/concerns/new/:id/categories', async (request, reply, draft, actor) => {
    return page(reply, 'concerns/pages/categories.njk', await categoriesData(actor, request.params.id, draft))
  })

  draftPage('post', '/concerns/new/:id/categories', async (request, reply, draft, actor) => {
    const b = (request.body ?? {}) as Body
    const next: ConcernDraft = {
      ...draft,
      categories: asArray(b.categories).slice(0, 30),
      fgmKnown: asArray(b.fgmKnown).includes('yes'),
      marks: [...draft.marks],
    }
    const errors: Record<string, string> = {}
    const removeMark = Number(str(b.removeMark, 5))
    if (str(b.removeMark, 5) !== '' && Number.isInteger(removeMark)) next.marks.splice(removeMark, 1)
    // A mark: a region from the list (works without JavaScript), or a place on an outline from body-map.js
    // (markSide, markX, markY: percent of the outline), or both; the domain decides what is valid.
    const region = str(b.markRegion, 50).trim()
    const description = str(b.markDescription, 1000).trim()
    const side = str(b.markSide, 10).trim()
    const markChild = str(b.markChild, 50).trim()
    const x = percentField(str(b.markX, 20).trim())
    const y = percentField(str(b.markY, 20).trim())
    const onOutline = side !== '' || x !== undefined || y !== undefined
    const validPosition =
      isBodySide(side) && x !== undefined && y !== undefined && x >= 0 && x <= 100 && y >= 0 && y <= 100
        ? { side, x, y }
        : undefined
    if (region !== '' || description !== '' || onOutline) {
      const mark = validateMark({
        side: side || undefined,
        x,
        y,
        region: region || undefined,
        description,
        childId: markChild || undefined,
      })
      // With several children the mark must say which child it was seen on.
      const childMissing = next.childIds.length > 1 && !next.childIds.includes(markChild)
      if (childMissing) errors.markChild = 'Select which child the mark is on'
      if (!mark.ok) {
        const fields = mark.error.fields ?? {}
        // "Select front or back" only makes sense to someone who used the outline.
        const position = fields.position ?? (onOutline ? fields.side : undefined)
        if (position !== undefined) errors.markPosition = position
        if (fields.region !== undefined) errors.markRegion = fields.region
        if (fields.description !== undefined) errors.markDescription = fields.description
        if (Object.keys(errors).length === (childMissing ? 1 : 0)) errors.markRegion = mark.error.message
      } else if (childMissing) {
        // Reported above; the mark waits until the child is chosen.
      } else if (next.marks.length >= MAX_BODY_MAP_MARKS) {
        errors.markPosition = `You can record up to ${MAX_BODY_MAP_MARKS} marks`
      } else {
        next.marks.push({ ...mark.value })
      }
    }
    const markValues = {
      region,
      description,
      childId: markChild,
      ...(validPosition === undefined ? {} : { position: validPosition }),
    }
    if (Object.keys(errors).length > 0)
      return page(
        reply,
        'concerns/pages/categories.njk',
        await categoriesData(
          actor,
          request.params.id,
          next,
          { errors: formErrors(errors, ['markChild', 'markPosition', 'markRegion', 'markDescription']) },
          markValues,
        ),
        400,
      )
    if (b.continue === 'yes') {
      const check = validateNewConcern(draftToInput(next, deps.clock.now()), deps.clock.now().getTime())
      // Problems with the marks already added are shown at the body map.
      const pageErrors = Object.fromEntries(
        Object.entries(fieldProblems(check))
          .filter(([f]) => ['categories', 'otherCategory', 'fgmKnown', 'bodyMap'].includes(f))
          .map(([f, m]) => [f === 'bodyMap' ? 'markPosition' : f, m]),
      )
      if (Object.keys(pageErrors).length > 0)
        return page(
          reply,
          'concerns/pages/categories.njk',
          await categoriesData(actor, request.params.id, next, { errors: formErrors(pageErrors) }),
          400,
        )
      await saveDraft(deps, actor, request.params.id, next)
      return reply.redirect(`/concerns/new/${request.params.id}/check`, 303)
    }
    await saveDraft(deps, actor, request.params.id, next)
    return reply.redirect(`/concerns/new/${request.params.id}/categories#body-map`, 303)
  })

  async function checkData(actor: Actor, draftId: string, draft: ConcernDraft, errors?: Record<string, string>) {
    const visible = await visibleChildren(deps.db, actor, draft.childIds)
    const children = visible.map((c) => `${c.given_name} ${c.family_name}`)
    return {
      pageTitle: 'Check your answers before sending',
      draftId,
      draft,
      children,
      categoryNames: (draft.categories ?? [])
        .filter((c): c is ConcernCategoryId => concernCategories.some((x) => x.id === c))
        .map(concernCategoryLabel),
      bodyMap: bodyMapView(
        draft.marks,
        undefined,
        visible.map((c) => ({ id: c.id, name: `${c.given_name} ${c.family_name}` })),
      ),
      opinionHint: opinionHint(findOpinionWords(draft.facts ?? '')),
      errors:
        errors === undefined
          ? undefined
          : {
              summary: Object.entries(errors).map(([f, text]) => ({
                text,
                href: `/concerns/new/${draftId}/${fieldPage[f] ?? 'check'}`,
              })),
              fields: {},
            },
    }
  }

  draftPage('get', '/concerns/new/:id/check', async (request, reply, draft, actor) => {
    return page(reply, 'concerns/pages/check.njk', await checkData(actor, request.params.id, draft))
  })

  draftPage('post', '/concerns/new/:id/check', async (request, reply, draft, actor) => {
    const input = draftToInput(draft, deps.clock.now())
    // The draft read with the domain's rules, as each page of the journey reads its own answers: a draft not
    // finished sends the person back to the page that asks, with the domain's words.
    const valid = validateNewConcern(input, deps.clock.now().getTime())
    const refused = (fields: Readonly<Record<string, string>>) =>
      checkData(actor, request.params.id, draft, fields).then((data) =>
        page(reply, 'concerns/pages/check.njk', data, 400),
      )
    if (!valid.ok) return refused(valid.error.fields ?? { children: valid.error.message })
    // Sent through the step the API takes, in its transaction: the draft (named in the address) is locked and
    // removed with the concern, so the same page sent twice records it once.
    const outcome = await runStep(
      deps,
      recordConcern,
      actor,
      { draftId: request.params.id },
      concernBody(input),
      undefined,
      request.meta,
    )
    if (!outcome.ok) {
      const r = outcome.error
      // A copy sent at the same time as the first: it is told what Back after sending is told.
      if (r.kind === 'failed' && r.error.code === 'CONCERN.ALREADY_SUBMITTED') return gone(reply)
      if (r.kind === 'invalid') return refused(r.fields)
      // A child the person may no longer name (the step answers 404 and audits it): chosen again on its page.
      return refused({ children: r.kind === 'failed' ? r.error.message : 'Choose the child from the search results' })
    }
    return reply.redirect(`/concerns/${outcome.value.output.id}/recorded`, 303)
  })

  app.get<{ Params: { id: string } }>('/concerns/:id/recorded', async (request, reply) => {
    const result = await recordedConcern(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return gone(reply)
    return page(reply, 'concerns/pages/recorded.njk', {
      pageTitle: 'Concern recorded',
      concern: result.value,
      fgmDutyNotice,
      fgmLocalProceduresNotice,
    })
  })
}
