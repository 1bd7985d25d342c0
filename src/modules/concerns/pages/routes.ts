import { randomUUID } from 'node:crypto'
import { listInvolvedOrganisations } from '../../sharing/queries/childSharing.js'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { childChronology, wholeFromQuery } from '../../children/queries/childChronology.js'
import { provideInformation, requestInformation } from '../steps/concernEvents.js'
import { decideConcern, trainingWarning as decisionTrainingWarning } from '../steps/decideConcern.js'
import { viewFields } from '../../../platform/steps/mountSteps.js'
import { dslInbox } from '../queries/dslInbox.js'
import {
  childCensusDetails,
  chronologyPdfCover,
  mayFindChildren,
  pdfChronologyEntry,
  renderChronologyPdf,
} from '../../children/index.js'
import { myConcerns } from '../queries/myConcerns.js'
import { unacknowledgedConcerns } from '../queries/unacknowledged.js'
import { deniedPage } from '../../../platform/web/deniedPage.js'
import { viewConcern, type ConcernView } from '../queries/viewConcern.js'
import { parseLocalDate } from '../../../platform/calendar/localDate.js'
import { childNotice } from '../../children/domain/child.js'
import { concernCategories } from '../domain/concern.js'
import { concernCategoriesInWords } from '../domain/categoryWords.js'
import { concernStateLabels, isConcernState, isDecisionKindId, findDecisionKind } from '../domain/workflow.js'
import { hasRole, type Actor } from '../../../platform/identity/actor.js'
import { decideFamilyHelp } from '../../family-help/domain/policy.js'
import { familyHelpEntryLabels } from '../../family-help/index.js'
import { dslCompetency } from '../../training/index.js'
import { todayInEngland } from '../../../platform/calendar/london.js'
import { CONCERN_LEAD_ROLES } from '../domain/workflow.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { formErrors, formText } from '../../../platform/web/forms.js'
import { filterItems, type FilterOption } from '../../../platform/web/filterItems.js'
import { sendDownload } from '../../../platform/web/download.js'
import { optionsOf } from '../../../platform/shared/wordList.js'
import { bodyMapView } from './bodyMapView.js'
import { repeatedConcernAlerts } from '../queries/repeatedConcernAlerts.js'
import { concernJourneyRoutes } from './journey.js'
import { listRelationships } from '../../children/steps/addRelationship.js'
import { relationshipKinds, relationshipLabel } from '../../children/domain/relationships.js'
import { childIdentity } from '../../children/queries/childIdentity.js'
import { chronologyTypeLabels } from '../../children/pages/chronologyLabels.js'
import { protectionEntryLabels } from '../../protection/domain/chronologyVisibility.js'

type Body = Record<string, unknown>
const str = formText

/** The chronology's filter as its page and its PDF read it from the address. */
const chronologyFilter = (q: Body) => ({
  organisation: str(q.organisation, 200) || undefined,
  category: str(q.category, 100) || undefined,
  type: str(q.type, 50) || undefined,
})
const decisionLabel = (id: string | null) =>
  id !== null && isDecisionKindId(id) ? findDecisionKind(id).label : (id ?? '')
const stateLabel = (s: string) => (isConcernState(s) ? concernStateLabels[s] : s)

const chronologyTypeFilter: readonly FilterOption[] = [
  ...optionsOf({
    concern: 'Concerns',
    addendum: 'Addenda',
    decision: 'Decisions',
    acknowledged: 'Acknowledgements',
    information_requested: 'Requests for information',
    information_provided: 'Information given',
    shared_information: 'Information shared with you',
  }),
  ...optionsOf(protectionEntryLabels),
  ...optionsOf(familyHelpEntryLabels),
]

const escapeHtml = (t: string): string =>
  t.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch)

/** What happens after each decision, for the banner that confirms it (HTML, escaped). */
function whatHappensNext(kind: string | null | undefined, referralReference: string | undefined): string {
  const p = (text: string) => `<p class="govuk-body">${text}</p>`
  switch (kind) {
    case 'refer_to_childrens_social_care':
      return (
        p(`Referral number: <strong>${escapeHtml(referralReference ?? 'not known')}</strong>.`) +
        p(
          'It has gone to the local authority’s children’s social care. They should decide what to do within one working day and tell you the outcome; it will appear on this concern.',
        ) +
        p('If the child is in immediate danger, call 999.')
      )
    case 'monitor':
      return p(
        'Watch for further signs and review the concern by the date you set. The person who recorded it can see your decision.',
      )
    case 'inform_police':
      return p(
        'Keep the police reference with the concern if you have one. If the child is in immediate danger, call 999.',
      )
    case 'lado':
      return p('Tell the LADO within one working day. The deadline is on your due and overdue list.')
    case 'fgm_report_made':
      return p('The report to the police is recorded and the FGM reporting deadline is closed.')
    default:
      return p('The person who recorded the concern can see your decision. Record a new concern if anything changes.')
  }
}

/**
 * Entries on one page of a child's chronology. A child known to many agencies for years has thousands; one page of
 * all of them was over a megabyte and slow to open. The PDF for a conference still has every entry.
 */
const CHRONOLOGY_PAGE = 100

export function concernRoutes(app: FastifyInstance, options: WebOptions): void {
  const { deps } = options
  concernJourneyRoutes(app, options)
  const serviceUrl = deps.settings.serviceUrl

  const notFound = (reply: FastifyReply) => reply.callNotFound()

  /** Back to the list the person reached the concern from: the inbox for its safeguarding leads, else their own. */
  const concernBack = (actor: Actor | undefined) =>
    actor !== undefined && actor.roles.some((r) => CONCERN_LEAD_ROLES.includes(r)) ? '/inbox' : '/concerns/mine'

  function concernPage(view: ConcernView, extra: Record<string, unknown> = {}) {
    return {
      pageTitle: `Concern ${view.reference}`,
      concern: view,
      stateLabel: stateLabel(view.state),
      // The addendum form's key: the same addendum sent twice (a double press) is recorded once.
      submissionKey: randomUUID(),
      categories: concernCategoriesInWords(view.categories, view.otherCategory),
      bodyMap: bodyMapView(
        view.bodyMap,
        undefined,
        view.children.map((c) => ({ id: c.id, name: `${c.givenName} ${c.familyName}` })),
      ),
      events: view.events.map((e) => ({ ...e, decisionLabel: decisionLabel(e.decisionKind) })),
      // The decision's form, from its step (decideConcern), which shows a refused one again on its own form.
      decisionFields: viewFields(decideConcern.fields, {}),
      // Its own key: the addendum's, sent from this page too, must not answer for it.
      decisionKey: randomUUID(),
      ...extra,
    }
  }

  async function renderConcern(
    request: { actor: Actor | undefined; meta: { correlationId: string } },
    reply: FastifyReply,
    id: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const actor = request.actor as Actor
    const view = await viewConcern(deps, actor, id, request.meta)
    if (!view.ok) return notFound(reply)
    // A DSL whose own training has lapsed is told before deciding (issue 14's competency gate).
    const trainingWarning = actor.roles.some((r) => CONCERN_LEAD_ROLES.includes(r))
      ? decisionTrainingWarning(await dslCompetency(deps.db, actor, todayInEngland(deps.clock.now())))
      : undefined
    // The head or manager reading it as the backup is told why they see it and what is theirs to do.
    const asBackup =
      !view.value.canManage &&
      !view.value.canAddAddendum &&
      (await deps.db
        .selectFrom('concern_escalation')
        .select('concern_id')
        .where('concern_id', '=', view.value.id)
        .where('stage', '=', 'backup')
        .executeTakeFirst()) !== undefined
    return reply.page(
      'concerns/pages/concern.njk',
      concernPage(view.value, {
        ...extra,
        back: asBackup ? '/concerns/unacknowledged' : concernBack(actor),
        asBackup,
        trainingWarning,
        ladoAllegationLink: view.value.events.some((e) => e.decisionKind === 'lado'),
      }),
      status,
    )
  }

  app.get<{ Params: { id: string }; Querystring: { decided?: string } }>('/concerns/:id', async (request, reply) => {
    if (request.query.decided !== '1') return renderConcern(request, reply, request.params.id)
    const view = await viewConcern(deps, request.actor as Actor, request.params.id, request.meta)
    if (!view.ok) return notFound(reply)
    const last = [...view.value.events].reverse().find((e) => e.kind === 'decision')
    if (last === undefined || view.value.state !== 'decided')
      return reply.page('concerns/pages/concern.njk', concernPage(view.value, { back: concernBack(request.actor) }))
    const referral = await deps.db
      .selectFrom('referral')
      .select('reference')
      .where('concern_id', '=', view.value.id)
      .orderBy('received_at', 'desc')
      .executeTakeFirst()
    return reply.page(
      'concerns/pages/concern.njk',
      concernPage(view.value, {
        back: concernBack(request.actor),
        decided: {
          label: decisionLabel(last.decisionKind),
          nextHtml: whatHappensNext(last.decisionKind, referral?.reference),
        },
      }),
    )
  })

  const textAction = (path: string, run: typeof requestInformation, field: string) =>
    app.post<{ Params: { id: string } }>(`/concerns/:id/${path}`, async (request, reply) => {
      const body = (request.body ?? {}) as Body
      const result = await run(
        deps,
        request.actor as Actor,
        request.params.id,
        str(body[field], 100_000),
        request.meta,
        serviceUrl,
      )
      if (!result.ok) {
        if (result.error.code === 'CONCERN.NOT_FOUND') return notFound(reply)
        return renderConcern(
          request,
          reply,
          request.params.id,
          { errors: formErrors({ [field]: result.error.fields?.text ?? result.error.message }), values: body },
          400,
        )
      }
      return reply.redirect(`/concerns/${request.params.id}`, 303)
    })
  textAction('information-requests', requestInformation, 'request')
  textAction('information', provideInformation, 'information')

  app.get('/inbox', async (request, reply) => {
    const result = await dslInbox(deps, request.actor as Actor, request.meta)
    if (!result.ok)
      return deniedPage(reply, 'Only designated safeguarding leads and their deputies have a safeguarding inbox.')
    return reply.page('concerns/pages/inbox.njk', {
      pageTitle: 'Safeguarding inbox',
      repeated: await repeatedConcernAlerts(deps, request.actor as Actor, request.meta),
      items: result.value.map((i) => ({
        ...i,
        stateLabel: stateLabel(i.state),
        categoryNames: concernCategoriesInWords(i.categories, null),
      })),
    })
  })

  // What the DSL's chain told the backup and the front door about, for them to find again (issue 14).
  app.get('/concerns/unacknowledged', async (request, reply) => {
    const actor = request.actor as Actor
    const lists = await unacknowledgedConcerns(deps, actor, request.meta)
    if (lists === undefined)
      return deniedPage(
        reply,
        'Only an organisation’s safeguarding leads and their backup, and the local authority’s front door, see the concerns nobody has acknowledged.',
      )
    return reply.page('concerns/pages/unacknowledged.njk', {
      pageTitle: 'Concerns nobody has acknowledged',
      ...lists,
      // Who may open a concern itself: its organisation's leads, and the head or manager once it reached them.
      mayOpen: hasRole(actor, 'head', ...CONCERN_LEAD_ROLES),
    })
  })

  app.get('/concerns/mine', async (request, reply) => {
    const items = await myConcerns(deps, request.actor as Actor, request.meta)
    return reply.page('concerns/pages/mine.njk', {
      pageTitle: 'Your concerns',
      items: items.map((i) => ({
        ...i,
        stateLabel: stateLabel(i.state),
        decisionLabel: i.latestDecision === null ? null : decisionLabel(i.latestDecision),
      })),
    })
  })

  app.get<{ Params: { id: string } }>('/children/:id/chronology.pdf', async (request, reply) => {
    const q = (request.query ?? {}) as Body
    const filter = { ...chronologyFilter(q), forExport: true }
    const actor = request.actor as Actor
    const result = await childChronology(deps, actor, request.params.id, filter, request.meta)
    if (!result.ok) return notFound(reply)
    const { child, entries } = result.value
    const pdf = await renderChronologyPdf({
      childName: `${child.givenName} ${child.familyName}`,
      ...chronologyPdfCover(actor, child, deps.clock.now(), { withUpn: true }),
      agencies: [...new Set(entries.map((e) => e.organisation))].sort(),
      entries: entries.map(pdfChronologyEntry),
    })
    // A child's whole story: no browser or proxy keeps a copy.
    void reply.header('cache-control', 'no-store')
    return sendDownload(reply, `chronology-${child.id}.pdf`, pdf)
  })

  app.get<{ Params: { id: string } }>('/children/:id', async (request, reply) => {
    const q = (request.query ?? {}) as Body
    const filter = chronologyFilter(q)
    const pageAsked = wholeFromQuery(q.page)
    const result = await childChronology(
      deps,
      request.actor as Actor,
      request.params.id,
      // The newest entries first, unless a page is asked for.
      { ...filter, page: { number: pageAsked, size: CHRONOLOGY_PAGE } },
      request.meta,
    )
    if (!result.ok) return notFound(reply)
    const { child } = result.value
    const page = result.value.page ?? { number: 1, size: CHRONOLOGY_PAGE, pages: 1 }
    const pageHref = (n: number): string => {
      const params = new URLSearchParams()
      for (const [name, value] of Object.entries(filter)) if (value !== undefined) params.set(name, value)
      params.set('page', String(n))
      return `/children/${child.id}?${params.toString()}#chronology`
    }
    const firstShown = (page.number - 1) * page.size + 1
    const paging = {
      ...page,
      total: result.value.totalEntries,
      first: firstShown,
      last: firstShown + result.value.entries.length - 1,
      older:
        page.number > 1
          ? { href: pageHref(page.number - 1), labelText: `Page ${page.number - 1} of ${page.pages}` }
          : undefined,
      newer:
        page.number < page.pages
          ? { href: pageHref(page.number + 1), labelText: `Page ${page.number + 1} of ${page.pages}` }
          : undefined,
    }
    const dob = child.dateOfBirth === null ? undefined : parseLocalDate(child.dateOfBirth)
    const edd = child.expectedDateOfDelivery === null ? undefined : parseLocalDate(child.expectedDateOfDelivery)
    const notice = childNotice(
      { dateOfBirth: dob?.ok ? dob.value : undefined, expectedDateOfDelivery: edd?.ok ? edd.value : undefined },
      todayInEngland(deps.clock.now()),
    )
    // Who else is involved (sharing module): shown to everyone who may see the child.
    const involved = await listInvolvedOrganisations(deps, request.actor as Actor, child.id, request.meta)
    const people = (await listRelationships(deps, child.id)).map((p) => ({
      ...p,
      relationshipLabel: relationshipLabel(p.relationship),
    }))
    // Corrections to the child's identity, oldest first (the record itself is the child as corrected).
    const identity = await childIdentity(deps.db, child.id)
    // The census's ethnicity and disability, every record oldest first (the newest is in force).
    const censusDetails = await childCensusDetails(deps.db, child.id)
    const peopleErrors: Record<string, string> = {
      date: 'Enter a real date of birth, like 14 5 1990',
      givenName: 'Enter their first and last name',
      familyName: 'Enter their first and last name',
      relationship: 'Select how they are related to the child',
      childId: 'Choose the other child from the list',
    }
    const peopleError = peopleErrors[str(q.peopleError, 30)]
    const actor = request.actor as Actor
    // The work that starts from a child's record, offered to those whose organisation works with the child and
    // whose role may take it (the steps check again): family help, and a school's child protection file.
    const involvedHere =
      (await deps.db
        .selectFrom('involvement')
        .select('child_id')
        .where('child_id', '=', child.id)
        .where('organisation_id', '=', actor.organisationId)
        .executeTakeFirst()) !== undefined
    return reply.page('concerns/pages/chronology.njk', {
      // A fixed way back: Find a child for those who have it; a concern's author came from their own concerns.
      back: mayFindChildren(actor.roles) ? '/children/search' : '/concerns/mine',
      // Repeated concerns about this child the viewer's organisation was told of (the newest crossing).
      repeated: (await repeatedConcernAlerts(deps, actor, request.meta, { childId: child.id })).slice(0, 1),
      mayStartFamilyHelp: involvedHere && decideFamilyHelp(actor, { kind: 'family_help.open' }).allowed,
      maySendFile:
        involvedHere && ['school', 'college'].includes(actor.organisationKind) && hasRole(actor, 'dsl', 'deputy_dsl'),
      involved: involved.ok ? involved.value : [],
      identityHistory: identity?.history ?? [],
      censusHistory: censusDetails.history,
      // Children's social care records them (the step checks again, with the child's involvement).
      mayRecordCensus: hasRole(actor, 'front_door', 'social_worker', 'team_manager', 'conference_chair'),
      otherNames: identity?.current.otherNames ?? [],
      people,
      // The person form sent twice (a double click, a resend) adds the person once.
      peopleKey: randomUUID(),
      relationshipItems: [
        { value: '', text: 'Choose' },
        ...relationshipKinds.map((k) => ({ value: k.id, text: k.label })),
      ],
      errors:
        peopleError === undefined
          ? undefined
          : { summary: [{ text: peopleError, href: '#people-form' }], fields: { people: { text: peopleError } } },
      pageTitle: `${child.givenName} ${child.familyName}: chronology`,
      chronology: result.value,
      paging,
      notice,
      filter,
      organisationItems: filterItems(
        'All organisations',
        result.value.organisations.map((o) => ({ value: o, text: o })),
        filter.organisation,
      ),
      categoryItems: filterItems(
        'All types of concern',
        concernCategories.map((c) => ({ value: c.id, text: c.label })),
        filter.category,
      ),
      typeItems: filterItems('Everything', chronologyTypeFilter, filter.type),
      typeLabels: chronologyTypeLabels,
    })
  })
}
