import { decide, type EpisodeFacts } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import {
  mayViewProtectionEntry,
  outcomeLabel,
  stepNames,
  stepsShownByTheirOwnRecords,
  type CaseRelationship,
  type ProtectionEntryFacts,
  type ProtectionEntryKind,
} from '../../protection/domain/chronologyVisibility.js'
import { codeLabel, planCategories, reasonsForClosure } from '../../protection/domain/codes.js'
import { isEpisodeStep } from '../../protection/domain/episode.js'
import type { Db } from '../../../platform/db/database.js'
import { sql } from 'kysely'
import { concernCategoriesInWords } from '../../concerns/index.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'

/** One protection entry, in the chronology's shape (see childChronology.ts). */
export interface ProtectionChronologyEntry {
  readonly at: Date
  /** The event has a date but no time of day (a conference held on a day, recorded later). */
  readonly dateOnly: boolean
  readonly type: ProtectionEntryKind
  readonly organisation: string
  readonly author: string
  readonly summary: string
  readonly categories: readonly string[]
  readonly key: boolean
  readonly concernId: string | null
  readonly reference: string
  /** For a referral: its id, so the entry links to the referral and everything it carried. */
  readonly referralId?: string
}

type Draft = ProtectionChronologyEntry & { readonly facts: ProtectionEntryFacts }

const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})
const dayWords = (d: string) => longDate.format(new Date(`${d}T12:00:00Z`))

/**
 * When a dated event happened: the moment it was recorded if that was on the same day (so the order within a day
 * is kept), otherwise midday of its date, marked as having no time of day.
 */
function eventTime(date: string, recordedAt: Date | null): { at: Date; dateOnly: boolean; recordedAt?: Date } {
  if (recordedAt !== null && formatLocalDate(todayInEngland(recordedAt)) === date)
    return { at: recordedAt, dateOnly: false, recordedAt }
  return { at: new Date(`${date}T12:00:00Z`), dateOnly: true, ...(recordedAt === null ? {} : { recordedAt }) }
}

const conferenceKind = (kind: string) => (kind === 'review' ? 'review' : 'initial')

/**
 * The child's protection work as chronology entries, each kept or left out by the multi-agency visibility rule
 * (src/domain/protection/chronologyVisibility.ts) for the viewer's relationship to the referral and episode it
 * belongs to: the holding local authority's social care staff see everything; other agencies see what they were
 * invited to, sit in the core group for, answered, or referred. The viewer may already see the child (the caller
 * checked child.view).
 */
export async function protectionChronology(
  db: Db,
  actor: Actor,
  childId: string,
): Promise<ProtectionChronologyEntry[]> {
  const referrals = await db
    .selectFrom('referral as r')
    .innerJoin('organisation as o', 'o.id', 'r.to_organisation_id')
    // The concern a referral carried, named in its entry with its provenance (the referral's page shows it whole).
    .leftJoin('concern as c', 'c.id', 'r.concern_id')
    .leftJoin('organisation as co', 'co.id', 'c.organisation_id')
    .leftJoin('app_user as cu', 'cu.id', 'c.author_user_id')
    .select([
      'r.id',
      'r.reference',
      'r.received_at',
      'r.summary',
      'r.concern_id',
      'c.reference as concern_reference',
      'c.categories as concern_categories',
      'c.other_category as concern_other_category',
      'c.created_at as concern_recorded_at',
      'c.child_words as concern_child_words',
      sql<number>`coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(c.body_map) = 'array' THEN c.body_map END), 0)`.as(
        'concern_marks',
      ),
      'co.name as concern_organisation',
      'cu.display_name as concern_author',
      'r.from_organisation_id',
      'r.to_organisation_id',
      'r.acknowledged_at',
      'o.name as la_name',
    ])
    .where('r.child_id', '=', childId)
    .execute()
  if (referrals.length === 0) return []
  const episodes = await db
    .selectFrom('episode')
    .select(['id', 'reference', 'referral_id', 'local_authority_id', 'closure_reason'])
    .where('child_id', '=', childId)
    .execute()
  const episodeIds = episodes.map((e) => e.id)
  const referralIds = referrals.map((r) => r.id)
  // `in ()` is not SQL: with no ids there is nothing to load.
  const forIds = <T>(ids: string[], load: (ids: string[]) => Promise<T[]>): Promise<T[]> =>
    ids.length === 0 ? Promise.resolve([]) : load(ids)
  const [steps, discussions, enquiries, conferences, plans, cinPlans, requests] = await Promise.all([
    forIds(episodeIds, (ids) =>
      db
        .selectFrom('episode_step as s')
        .innerJoin('app_user as u', 'u.id', 's.actor_user_id')
        .innerJoin('organisation as o', 'o.id', 's.actor_organisation_id')
        .select([
          's.episode_id',
          's.step',
          's.outcome',
          's.occurred_on',
          's.rationale',
          's.created_at',
          'u.display_name as author',
          'o.name as organisation',
        ])
        .where('s.episode_id', 'in', ids)
        .execute(),
    ),
    forIds(episodeIds, (ids) =>
      db
        .selectFrom('strategy_discussion as sd')
        .innerJoin('app_user as u', 'u.id', 'sd.recorded_by')
        .select([
          'sd.id',
          'sd.episode_id',
          'sd.held_at',
          'sd.decision',
          'sd.immediate_safety_actions',
          'u.display_name as author',
        ])
        .where('sd.episode_id', 'in', ids)
        .execute(),
    ),
    forIds(episodeIds, (ids) =>
      db
        .selectFrom('section47_enquiry')
        .select(['episode_id', 'started_on', 'outcome', 'conference_required', 'concluded_on', 'created_at'])
        .where('episode_id', 'in', ids)
        .execute(),
    ),
    forIds(episodeIds, (ids) =>
      db
        .selectFrom('conference as c')
        .leftJoin('app_user as u', 'u.id', 'c.chair_user_id')
        .select([
          'c.id',
          'c.episode_id',
          'c.kind',
          'c.scheduled_at',
          'c.held_on',
          'c.decision',
          'c.decision_details',
          'c.dissent',
          'u.display_name as chair',
        ])
        .where('c.episode_id', 'in', ids)
        .execute(),
    ),
    forIds(episodeIds, (ids) =>
      db
        .selectFrom('child_protection_plan as p')
        .leftJoin('app_user as u', 'u.id', 'p.lead_user_id')
        .select([
          'p.id',
          'p.episode_id',
          'p.conference_id',
          'p.started_on',
          'p.initial_category',
          'p.latest_category',
          'p.ended_on',
          'p.end_reason',
          'p.step_down',
          'p.created_at',
          'u.display_name as lead',
        ])
        .where('p.episode_id', 'in', ids)
        .execute(),
    ),
    forIds(episodeIds, (ids) =>
      db
        .selectFrom('child_in_need_plan')
        .select(['id', 'episode_id', 'started_on', 'outcomes', 'ended_on', 'created_at'])
        .where('episode_id', 'in', ids)
        .execute(),
    ),
    db
      .selectFrom('information_request as q')
      .innerJoin('organisation as o', 'o.id', 'q.to_organisation_id')
      .innerJoin('app_user as u', 'u.id', 'q.requested_by')
      .innerJoin('organisation as uo', 'uo.id', 'u.organisation_id')
      .select([
        'q.id',
        'q.referral_id',
        'q.to_organisation_id',
        'q.question',
        'q.requested_at',
        'o.name as to_name',
        'u.display_name as author',
        'uo.name as from_name',
      ])
      .where('q.referral_id', 'in', referralIds)
      .execute(),
  ])
  // A core group meeting and a child in need review are kept alike (protection's planMeeting.ts): a plan's dated
  // meetings with their notes, and who recorded them.
  const meetingsOf = (table: 'core_group_meeting' | 'child_in_need_review', planIds: string[]) =>
    forIds(planIds, (ids) =>
      db
        .selectFrom(`${table} as m`)
        .innerJoin('app_user as u', 'u.id', 'm.recorded_by')
        .select(['m.plan_id', 'm.held_on', 'm.notes', 'm.created_at', 'u.display_name as author'])
        .where('m.plan_id', 'in', ids)
        .execute(),
    )
  const conferenceIds = conferences.map((c) => c.id)
  const planIds = plans.map((p) => p.id)
  const cinPlanIds = cinPlans.map((p) => p.id)
  const requestIds = requests.map((q) => q.id)
  const [invitations, reports, members, coreGroups, cinReviews, responses] = await Promise.all([
    forIds(conferenceIds, (ids) =>
      db
        .selectFrom('conference_invitation as i')
        .innerJoin('app_user as u', 'u.id', 'i.invited_by')
        .select(['i.conference_id', 'i.organisation_id', 'i.name', 'i.invited_at', 'u.display_name as inviter'])
        .where('i.conference_id', 'in', ids)
        .execute(),
    ),
    forIds(conferenceIds, (ids) =>
      db
        .selectFrom('conference_report as cr')
        .innerJoin('app_user as u', 'u.id', 'cr.author_user_id')
        .innerJoin('organisation as o', 'o.id', 'cr.organisation_id')
        .select([
          'cr.conference_id',
          'cr.organisation_id',
          'cr.text',
          'cr.submitted_at',
          'u.display_name as author',
          'o.name as organisation',
        ])
        .where('cr.conference_id', 'in', ids)
        .execute(),
    ),
    forIds(planIds, (ids) =>
      db.selectFrom('plan_member').select(['plan_id', 'organisation_id']).where('plan_id', 'in', ids).execute(),
    ),
    meetingsOf('core_group_meeting', planIds),
    meetingsOf('child_in_need_review', cinPlanIds),
    forIds(requestIds, (ids) =>
      db
        .selectFrom('information_response as a')
        .innerJoin('app_user as u', 'u.id', 'a.responded_by')
        .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
        .select([
          'a.information_request_id',
          'a.organisation_id',
          'a.answer',
          'a.responded_at',
          'u.display_name as author',
          'o.name as organisation',
        ])
        .where('a.information_request_id', 'in', ids)
        .execute(),
    ),
  ])

  const entries: ProtectionChronologyEntry[] = []
  for (const referral of referrals) {
    const episode = episodes.find((e) => e.referral_id === referral.id)
    const eId = episode?.id
    const own = {
      conferences: conferences.filter((c) => c.episode_id === eId),
      plans: plans.filter((p) => p.episode_id === eId),
      requests: requests.filter((q) => q.referral_id === referral.id),
    }
    const ownConferenceIds = own.conferences.map((c) => c.id)
    const ownPlanIds = own.plans.map((p) => p.id)
    const invitedOrganisations = invitations
      .filter((i) => ownConferenceIds.includes(i.conference_id))
      .flatMap((i) => (i.organisation_id === null ? [] : [i.organisation_id]))
    const memberOrganisations = members
      .filter((m) => ownPlanIds.includes(m.plan_id))
      .flatMap((m) => (m.organisation_id === null ? [] : [m.organisation_id]))
    const facts: EpisodeFacts = {
      localAuthorityId: episode?.local_authority_id ?? referral.to_organisation_id,
      contributingOrganisationIds: [...new Set([...invitedOrganisations, ...memberOrganisations])],
    }
    const contributes = decide(actor, { kind: 'episode.contribute', episode: facts }).allowed
    const rel: CaseRelationship = {
      holdsCase: decide(actor, { kind: 'episode.view', episode: facts }).allowed,
      madeReferral: referral.from_organisation_id === actor.organisationId,
      invitedConferenceIds: contributes
        ? [
            ...new Set(
              invitations
                .filter((i) => ownConferenceIds.includes(i.conference_id) && i.organisation_id === actor.organisationId)
                .map((i) => i.conference_id),
            ),
          ]
        : [],
      coreGroupMember:
        contributes &&
        members.some((m) => ownPlanIds.includes(m.plan_id) && m.organisation_id === actor.organisationId),
      answeredRequestIds: own.requests
        .filter(
          (q) => decide(actor, { kind: 'information_request.answer', toOrganisationId: q.to_organisation_id }).allowed,
        )
        .filter((q) =>
          responses.some((a) => a.information_request_id === q.id && a.organisation_id === actor.organisationId),
        )
        .map((q) => q.id),
    }
    const la = referral.la_name
    const ref = episode?.reference ?? referral.reference
    const drafts: Draft[] = []
    // An entry's type is the kind its visibility is decided by.
    const add = (
      d: Omit<Draft, 'type' | 'categories' | 'concernId' | 'reference' | 'dateOnly'> & {
        dateOnly?: boolean
        reference?: string
        concernId?: string | null
      },
    ) =>
      drafts.push({
        type: d.facts.kind,
        categories: [],
        concernId: d.concernId ?? null,
        reference: d.reference ?? ref,
        dateOnly: d.dateOnly ?? false,
        ...d,
      })
    // The case's milestones: key entries in the local authority's name, recorded by nobody in particular.
    const milestone = (kind: ProtectionEntryKind, when: ReturnType<typeof eventTime>, summary: string) =>
      add({ facts: { kind }, ...when, organisation: la, author: '', summary, key: true })
    // Words only the holding local authority sees (rationale, dissent, safety actions), appended to an entry.
    const forCaseHolder = (text: string, label: string) =>
      rel.holdsCase && text.trim() !== '' ? `\n${label}: ${text}` : ''

    add({
      facts: { kind: 'referral' },
      at: referral.received_at,
      organisation: la,
      author: '',
      summary: `${referral.summary}${carriedInWords(referral)}`,
      key: true,
      concernId: referral.concern_id,
      reference: referral.reference,
      referralId: referral.id,
    })
    if (referral.acknowledged_at !== null) {
      add({
        facts: { kind: 'referral_acknowledged' },
        at: referral.acknowledged_at,
        organisation: la,
        author: '',
        summary: 'Children’s social care acknowledged the referral.',
        key: false,
        reference: referral.reference,
      })
    }
    for (const s of steps.filter((x) => x.episode_id === eId)) {
      if (!isEpisodeStep(s.step)) continue
      const when = eventTime(s.occurred_on, s.created_at)
      if (s.step === 'decide_referral') {
        add({
          facts: { kind: 'referral_decided' },
          ...when,
          organisation: s.organisation,
          author: s.author,
          summary: `Decision: ${outcomeLabel(s.step, s.outcome)}.${forCaseHolder(s.rationale, 'Rationale')}`,
          key: true,
        })
      } else if (!stepsShownByTheirOwnRecords.has(s.step)) {
        add({
          facts: { kind: 'episode_step' },
          ...when,
          organisation: s.organisation,
          author: s.author,
          summary: `${stepNames[s.step]}: ${outcomeLabel(s.step, s.outcome)}.${forCaseHolder(s.rationale, 'Rationale')}`,
          key: false,
        })
      }
    }
    for (const sd of discussions.filter((x) => x.episode_id === eId)) {
      add({
        facts: { kind: 'strategy_discussion' },
        at: sd.held_at,
        organisation: la,
        author: sd.author,
        summary: `Strategy discussion held. Decision: ${outcomeLabel('record_strategy_discussion', sd.decision)}.${forCaseHolder(sd.immediate_safety_actions, 'Immediate safety actions')}`,
        key: true,
      })
    }
    for (const e of enquiries.filter((x) => x.episode_id === eId)) {
      milestone('section47_started', eventTime(e.started_on, e.created_at), 'Section 47 enquiry started.')
      if (e.concluded_on !== null) {
        const finding =
          e.outcome === 'substantiated'
            ? 'concerns substantiated'
            : e.outcome === 'not_substantiated'
              ? 'concerns not substantiated'
              : 'concluded'
        const conference =
          e.conference_required === true
            ? 'an initial child protection conference is needed'
            : e.conference_required === false
              ? 'no conference is needed'
              : ''
        milestone(
          'section47_concluded',
          eventTime(e.concluded_on, null),
          `Section 47 enquiry: ${[finding, conference].filter((x) => x !== '').join('; ')}.`,
        )
      }
    }
    for (const c of own.conferences) {
      const on = dayWords(formatLocalDate(todayInEngland(c.scheduled_at)))
      for (const i of invitations.filter((x) => x.conference_id === c.id)) {
        add({
          facts: { kind: 'conference_invitation', organisationId: i.organisation_id ?? undefined, conferenceId: c.id },
          at: i.invited_at,
          organisation: la,
          author: i.inviter,
          summary: `${i.name} invited to the ${conferenceKind(c.kind)} child protection conference on ${on}.`,
          key: false,
        })
      }
      for (const r of reports.filter((x) => x.conference_id === c.id)) {
        add({
          facts: { kind: 'conference_report', organisationId: r.organisation_id, conferenceId: c.id },
          at: r.submitted_at,
          organisation: r.organisation,
          author: r.author,
          summary: `Report for the ${conferenceKind(c.kind)} child protection conference on ${on}:\n${r.text}`,
          key: false,
        })
      }
      if (c.held_on !== null && c.decision !== null) {
        const step = c.kind === 'review' ? 'hold_review_conference' : 'hold_initial_conference'
        // The category a plan started with, or a review's latest category, when the decision is about a plan.
        const details = c.decision_details
        const started = plans.find((p) => p.conference_id === c.id)?.initial_category
        const named = [started, details.latestCategory, details.initialCategory, details.category].find(
          (x): x is string => typeof x === 'string' && x !== '',
        )
        const category =
          named === undefined || !['child_protection_plan', 'continue_plan'].includes(c.decision)
            ? ''
            : ` (${codeLabel(planCategories, named)})`
        add({
          facts: { kind: 'conference_held', conferenceId: c.id },
          ...eventTime(c.held_on, c.scheduled_at),
          organisation: la,
          author: c.chair ?? '',
          summary: `${conferenceKind(c.kind) === 'review' ? 'Review' : 'Initial'} child protection conference held on ${dayWords(c.held_on)}. Decision: ${outcomeLabel(step, c.decision)}${category}.${forCaseHolder(c.dissent, 'Dissent')}`,
          key: true,
        })
      }
    }
    for (const p of own.plans) {
      const category = codeLabel(planCategories, p.latest_category)
      const initial =
        p.initial_category !== p.latest_category ? ` (initially ${codeLabel(planCategories, p.initial_category)})` : ''
      milestone(
        'plan_started',
        eventTime(p.started_on, p.created_at),
        `Child protection plan started. Category: ${category}${initial}.${p.lead === null ? '' : ` Lead practitioner: ${p.lead}.`}`,
      )
      if (p.ended_on !== null) {
        const next = p.step_down === null ? '' : ` ${outcomeLabel('end_plan', p.step_down)}.`
        milestone(
          'plan_ended',
          eventTime(p.ended_on, null),
          `Child protection plan ended${p.end_reason === null ? '' : `: ${p.end_reason}`}.${next}`,
        )
      }
      for (const m of coreGroups.filter((x) => x.plan_id === p.id)) {
        add({
          facts: { kind: 'core_group_meeting' },
          ...eventTime(m.held_on, m.created_at),
          organisation: la,
          author: m.author,
          summary: `Core group meeting held.${m.notes.trim() === '' ? '' : `\n${m.notes}`}`,
          key: false,
        })
      }
    }
    for (const p of cinPlans.filter((x) => x.episode_id === eId)) {
      milestone('cin_plan_started', eventTime(p.started_on, p.created_at), `Child in need plan started.\n${p.outcomes}`)
      for (const r of cinReviews.filter((x) => x.plan_id === p.id)) {
        add({
          facts: { kind: 'cin_review' },
          ...eventTime(r.held_on, r.created_at),
          organisation: la,
          author: r.author,
          summary: `Child in need plan reviewed.\n${r.notes}`,
          key: false,
        })
      }
      if (p.ended_on !== null) {
        const reason = episode?.closure_reason
          ? ` Reason for closure: ${codeLabel(reasonsForClosure, episode.closure_reason)}.`
          : ''
        milestone('cin_plan_ended', eventTime(p.ended_on, null), `Child in need plan ended.${reason}`)
      }
    }
    for (const q of own.requests) {
      add({
        facts: { kind: 'agency_information_requested', requestId: q.id },
        at: q.requested_at,
        organisation: q.from_name,
        author: q.author,
        summary: `Asked ${q.to_name}: ${q.question}`,
        key: false,
        reference: referral.reference,
      })
      for (const a of responses.filter((x) => x.information_request_id === q.id)) {
        add({
          facts: { kind: 'agency_information_given', requestId: q.id },
          at: a.responded_at,
          organisation: a.organisation,
          author: a.author,
          summary: a.answer,
          key: false,
          reference: referral.reference,
        })
      }
    }
    for (const { facts: entryFacts, ...entry } of drafts)
      if (mayViewProtectionEntry(rel, actor.organisationId, entryFacts)) entries.push(entry)
  }
  return entries
}

/**
 * The concern a referral carried, in a sentence for its chronology entry: which concern, who recorded it for which
 * organisation and when, its categories, whether the child's words and body-map marks came with it.
 */
function carriedInWords(r: {
  concern_reference: string | null
  concern_categories: string[] | null
  concern_other_category: string | null
  concern_recorded_at: Date | null
  concern_child_words: string | null
  concern_marks: number | string | null
  concern_organisation: string | null
  concern_author: string | null
}): string {
  if (r.concern_reference === null || r.concern_recorded_at === null) return ''
  const categories = concernCategoriesInWords(r.concern_categories ?? [], r.concern_other_category)
  const marks = Number(r.concern_marks ?? 0)
  const parts = [
    `Carried concern ${r.concern_reference}, recorded by ${r.concern_author ?? 'unknown'} at ${r.concern_organisation ?? 'unknown'} on ${longDate.format(r.concern_recorded_at)}`,
    categories.length === 0 ? '' : `about ${categories.join(', ').toLowerCase()}`,
    (r.concern_child_words ?? '').trim() === '' ? '' : 'with the child’s own words',
    marks === 0 ? '' : `and ${marks} ${marks === 1 ? 'mark' : 'marks'} on the body map`,
  ].filter((p) => p !== '')
  return `\n${parts.join(', ')}.`
}
