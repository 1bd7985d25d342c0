/**
 * The steps of learning from a serious incident: notify → rapid review (agencies asked, summaries, gaps closed)
 * → decision → sign-off by the three partners → practice review. Each is one declaration for the step engine;
 * the transition table (domain/learning.ts) says when each may be taken.
 */
import { z } from 'zod'
import { sql, type Updateable } from 'kysely'
import type { RapidReviewAgencyTable } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { defineStep, type AccessDecision, type StepContext } from '../../../platform/steps/defineStep.js'
import { checkboxes, date, notInFuture, radios, select, text, textarea } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { isValidNhsNumber, normaliseNhsNumber } from '../../children/domain/identifiers.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { loadPartnershipClock } from '../../timescales/steps/partnershipClock.js'
import { findRule } from '../../timescales/domain/rules.js'
import {
  checkDecision,
  checkNotification,
  checkPracticeReviewStage,
  checkPublicationDate,
  checkReadyToDecide,
  harmKindLabels,
  learningTransition,
  legalStatusLabels,
  MAX_CHILDREN_PER_NOTIFICATION,
  practiceReviewStageLabels,
  rapidReviewDecisionLabels,
  stageAfterDecision,
  type HarmKind,
  type IncidentStage,
  type LegalStatus,
  type NotifiedChild,
  type PracticeReviewStage,
  type RapidReviewDecision,
} from '../domain/learning.js'
import { statutoryPartnerLabels } from '../domain/register.js'
import {
  mayNotifySeriousIncident,
  mayReadPartnership,
  mayRunPartnershipWork,
  maySignOff,
  maySubmitAgencySummary,
  agencyLeadRoles,
} from '../domain/policy.js'
import {
  currentSeats,
  loadIncident,
  nextReference,
  partnershipFor,
  recordIncidentStep,
  type IncidentRecord,
} from '../queries/repository.js'
import { confirmField, signFor } from './signOff.js'
import { optionsOf } from '../../../platform/shared/wordList.js'

const MODULE = 'partnership'
const idOutput = z.object({ id: z.string() })
const incidentPage = (params: Readonly<Record<string, string>>) => `/partnership/incidents/${params.incidentId ?? ''}`
const backToIncident = (params: Readonly<Record<string, string>>) => ({
  href: incidentPage(params),
  text: 'Back to the serious incident',
})
/** The partners' business teams are told of each step by email: no child is named in an email. */
const PARTNER_ROLES = ['partnership_lead', 'business_manager'] as const

async function tellPartners(ctx: StepContext, localAreaId: string, subject: string, body: string, incidentId: string) {
  const partnership = await partnershipFor(ctx.tx, localAreaId, ctx.now)
  const seats = await currentSeats(ctx.tx, partnership.id)
  const organisations =
    seats.length > 0
      ? seats.map((s) => s.organisationId)
      : (
          await ctx.tx
            .selectFrom('organisation')
            .select('id')
            .where('local_area_id', '=', localAreaId)
            .where('kind', 'in', ['la_childrens_social_care', 'police_force', 'icb'])
            .execute()
        ).map((o) => o.id)
  let told = 0
  for (const organisationId of new Set(organisations))
    told += await notifyOrganisationRoles(
      ctx.tx,
      {
        organisationId,
        roles: [...PARTNER_ROLES],
        kind: 'partnership.serious_incident',
        subject,
        body,
        relatedType: 'serious_incident',
        relatedId: incidentId,
      },
      ctx.now,
    )
  return told
}

/**
 * Writes one step of a notified incident's history, taken by the actor: from the stage the incident stood at to
 * `toStage`, which is the same stage unless the step moves it on.
 */
const recordStep = (
  { tx, actor, now }: Pick<StepContext, 'tx' | 'actor' | 'now'>,
  incident: Pick<IncidentRecord, 'id' | 'stage'>,
  step: string,
  details: Record<string, unknown>,
  toStage: IncidentStage = incident.stage,
) =>
  recordIncidentStep(
    tx,
    {
      incidentId: incident.id,
      step,
      fromStage: incident.stage,
      toStage,
      details,
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
    },
    now,
  )

/**
 * An agency's answer to the rapid review (its summary, "we hold nothing", or the gap closed without it), by the
 * actor. Only an awaited summary is answered: a second answer finds nothing to change.
 */
const answerAwaitedSummary = (
  { tx, actor, now }: Pick<StepContext, 'tx' | 'actor' | 'now'>,
  incidentId: string,
  organisationId: string,
  answer: Pick<Updateable<RapidReviewAgencyTable>, 'state' | 'involvement' | 'analysis' | 'learning' | 'gap_reason'>,
) =>
  tx
    .updateTable('rapid_review_agency')
    .set({ ...answer, answered_by: actor.userId, answered_at: now })
    .where('incident_id', '=', incidentId)
    .where('organisation_id', '=', organisationId)
    .where('state', '=', 'awaited')
    .execute()

// ---------------------------------------------------------------------------------------------------------------

const childFields = Object.fromEntries(
  Array.from({ length: MAX_CHILDREN_PER_NOTIFICATION }, (_, i) => {
    const n = i + 1
    return [
      [
        `child${n}NhsNumber`,
        text({
          label: n === 1 ? 'NHS number of the child' : `NHS number of child ${n} (if there is one)`,
          ...(n === 1 ? { required: 'Enter the NHS number of the child the incident is about' } : {}),
          max: 20,
          width: 10,
        }),
      ],
      [
        `child${n}Status`,
        select({
          label: n === 1 ? 'The child’s legal status' : `Child ${n}’s legal status`,
          options: optionsOf(legalStatusLabels),
          ...(n === 1 ? { required: 'Select the child’s legal status' } : {}),
        }),
      ],
    ]
  }).flat(),
)

export const notifySeriousIncident = defineStep<{ localAreaId: string; partnershipId: string }, { id: string }>({
  operationId: 'notifySeriousIncident',
  module: MODULE,
  path: '/partnership/incidents/new',
  apiPath: '/partnership/incidents',
  title: 'Notify a serious incident',
  description:
    'The local authority records the notification it made to the Child Safeguarding Practice Review Panel; the partners are told by email.',
  submitText: 'Record the notification and tell the partners',
  fields: {
    awareOn: date({
      label: 'Date the local authority became aware',
      required: 'Enter the date the local authority became aware of the incident',
    }),
    notifiedPanelOn: date({
      label: 'Date the Panel was notified',
      required: 'Enter the date the Panel was notified',
    }),
    incidentOn: date({ label: 'Date of the incident (if known)' }),
    location: text({ label: 'Where it happened', required: 'Enter where the incident happened', max: 500 }),
    harm: radios({
      label: 'What happened to the child',
      options: optionsOf(harmKindLabels),
      required: 'Select whether the child died or was seriously harmed',
    }),
    abuseOrNeglect: radios({
      label: 'Abuse or neglect',
      options: [
        { value: 'known', text: 'Known' },
        { value: 'suspected', text: 'Suspected' },
        { value: 'not_suspected', text: 'Not suspected (a looked-after child or care leaver died)' },
      ],
      required: 'Select whether abuse or neglect is known or suspected',
    }),
    ...childFields,
    otherChildren: textarea({
      label: 'Other children (if more than 4)',
      hint: 'Their initials and ages only.',
      max: 2_000,
      rows: 3,
    }),
    happenedIn: text({
      label: 'Local authority where it happened',
      required: 'Enter the local authority where it happened',
      max: 200,
    }),
    childLivesIn: text({
      label: 'Local authority where the child lives',
      required: 'Enter the local authority where the child lives',
      max: 200,
    }),
  },
  load: async (ctx) => {
    const p = await partnershipFor(ctx.tx, ctx.actor.localAreaId, ctx.now)
    return { localAreaId: ctx.actor.localAreaId, partnershipId: p.id }
  },
  access: (actor) => mayNotifySeriousIncident(actor),
  check: (input, _l, { today }) => {
    const out: Record<string, string> = {}
    const future = (name: string, label: string) => {
      const m = notInFuture(input[name] as LocalDate | undefined, today, `${label} must be today or in the past`)
      if (m !== undefined) out[name] = m
    }
    future('awareOn', 'The date the local authority became aware')
    future('notifiedPanelOn', 'The date the Panel was notified')
    future('incidentOn', 'The date of the incident')
    for (let n = 1; n <= MAX_CHILDREN_PER_NOTIFICATION; n++) {
      const nhs = input[`child${n}NhsNumber`] as string | undefined
      if (nhs !== undefined && !isValidNhsNumber(nhs))
        out[`child${n}NhsNumber`] = 'Enter a real NHS number, 10 digits like 943 476 5919'
      if (nhs !== undefined && input[`child${n}Status`] === undefined)
        out[`child${n}Status`] = `Select child ${n}’s legal status`
    }
    return out
  },
  run: async (ctx, input, loaded) => {
    const { tx, actor, now, today } = ctx
    // The right child: each NHS number must match exactly one child in this area, or the field says so.
    const children: NotifiedChild[] = []
    const problems: Record<string, string> = {}
    for (let n = 1; n <= MAX_CHILDREN_PER_NOTIFICATION; n++) {
      const nhs = input[`child${n}NhsNumber`] as string | undefined
      if (nhs === undefined) continue
      // As the children are known now: a corrected NHS number identifies the child, a superseded one does not.
      const found = await tx
        .selectFrom('child_current')
        .select('id')
        .where('local_area_id', '=', loaded.localAreaId)
        .where('nhs_number', '=', normaliseNhsNumber(nhs))
        .execute()
      if (found.length !== 1) {
        problems[`child${n}NhsNumber`] =
          found.length === 0
            ? 'No child with this NHS number is known in your area: add the child first'
            : 'More than one child has this NHS number: ask your administrator to correct the records'
        continue
      }
      children.push({ childId: found[0]!.id, legalStatus: input[`child${n}Status`] as LegalStatus })
    }
    if (hasProblems(problems)) return invalidFields('LEARNING.NOTIFICATION_INVALID', problems)
    const checked = checkNotification(
      {
        awareOn: input.awareOn as LocalDate,
        notifiedPanelOn: input.notifiedPanelOn as LocalDate,
        ...(input.incidentOn === undefined ? {} : { incidentOn: input.incidentOn as LocalDate }),
        location: input.location as string,
        children,
        otherChildren: (input.otherChildren as string | undefined) ?? '',
        harm: input.harm as HarmKind,
        abuseOrNeglect: input.abuseOrNeglect as 'known' | 'suspected' | 'not_suspected',
        happenedInLocalAuthority: input.happenedIn as string,
        childLivesInLocalAuthority: input.childLivesIn as string,
      },
      today,
    )
    if (!checked.ok) return checked
    const n = checked.value
    const reference = await nextReference(tx, 'SI', 'serious_incident', n.awareOn.year)
    const id = await insertWithNewId(tx, 'serious_incident', {
      reference,
      local_area_id: loaded.localAreaId,
      notifying_organisation_id: actor.organisationId,
      incident_on: n.incidentOn === undefined ? null : formatLocalDate(n.incidentOn),
      aware_on: formatLocalDate(n.awareOn),
      notified_panel_on: formatLocalDate(n.notifiedPanelOn),
      location: n.location,
      other_children: n.otherChildren,
      harm: n.harm,
      abuse_or_neglect: n.abuseOrNeglect,
      happened_in: n.happenedInLocalAuthority,
      child_lives_in: n.childLivesInLocalAuthority,
      stage: 'notified',
      stage_changed_at: now,
      created_by: actor.userId,
      created_at: now,
    })
    await tx
      .insertInto('serious_incident_child')
      .values(n.children.map((c) => ({ incident_id: id, child_id: c.childId, legal_status: c.legalStatus })))
      .execute()
    await recordIncidentStep(
      tx,
      {
        incidentId: id,
        step: 'notify_serious_incident',
        fromStage: null,
        toStage: 'notified',
        details: { children: n.children.length, harm: n.harm },
        actorUserId: actor.userId,
        actorOrganisationId: actor.organisationId,
      },
      now,
    )
    // The notification clock runs from awareness and is met by this notification (late shows as late); the
    // rapid review's 15 working days run from the notification.
    const transition = learningTransition(undefined, 'notify_serious_incident')
    if (!transition.ok) return transition
    const clockFrom = { 'serious-incident-notification': n.awareOn, 'rapid-review': n.notifiedPanelOn } as const
    for (const rule of transition.value.starts) {
      const registered = await registerDeadline(
        tx,
        {
          localAreaId: loaded.localAreaId,
          organisationId: actor.organisationId,
          ruleId: rule,
          subjectType: 'serious_incident',
          subjectId: id,
          title:
            rule === 'rapid-review'
              ? `Rapid review for serious incident ${reference}`
              : `Notify serious incident ${reference}`,
          startedOn: rule === 'rapid-review' ? clockFrom['rapid-review'] : clockFrom['serious-incident-notification'],
        },
        now,
      )
      if (!registered.ok) return err(domainError('LEARNING.CLOCK_FAILED', registered.error.message))
    }
    for (const rule of transition.value.completes)
      await completeDeadline(tx, { type: 'serious_incident', id }, rule, now)
    await tellPartners(
      ctx,
      loaded.localAreaId,
      `Serious incident ${reference} notified`,
      `The local authority has notified the Child Safeguarding Practice Review Panel of serious incident ${reference} (${harmKindLabels[n.harm].toLowerCase()}).\n\nA rapid review is due within 15 working days of the notification. See it in Together: ${ctx.deps.settings.serviceUrl}/partnership/incidents/${id}`,
      id,
    )
    return ok({ id })
  },
  subject: (l) => ({ type: 'partnership', id: l.partnershipId }),
  action: 'partnership.serious_incident_notified',
  auditDetails: (out) => ({ incidentId: out.id }),
  output: idOutput,
  done: (out) => `/partnership/incidents/${out.id}?notified=1`,
  back: () => ({ href: '/partnership/incidents', text: 'Back to serious incidents' }),
  intro: () => [
    'Record the notification the local authority made to the Child Safeguarding Practice Review Panel. It is due within 5 working days of becoming aware. The safeguarding partners are told by email straight away.',
  ],
})

// ---------------------------------------------------------------------------------------------------------------

/** The incident a step is on, locked: every step on an incident decides on what it read. */
const loadIncidentLocked = async (ctx: StepContext): Promise<IncidentRecord | undefined> => {
  const id = ctx.params.incidentId
  if (id === undefined) return undefined
  return loadIncident(ctx.tx, id, { forUpdate: true })
}

const asDecision = (d: ReturnType<typeof mayRunPartnershipWork>): AccessDecision => d
const notAt = (incident: IncidentRecord, step: Parameters<typeof learningTransition>[1]) => {
  const t = learningTransition(incident.stage, step)
  return t.ok ? undefined : t.error.message
}

/** What the steps on a notified incident share: they load it locked, audit it as their subject, and lead back to it. */
const onIncident = {
  module: MODULE,
  load: loadIncidentLocked,
  subject: (i: Pick<IncidentRecord, 'id'>) => ({ type: 'serious_incident', id: i.id }),
  back: backToIncident,
}
/** The partnership's own work on an incident (the business team's steps). */
const partnershipWork = (actor: Actor, incident: IncidentRecord) =>
  asDecision(mayRunPartnershipWork(actor, incident.localAreaId))

const agencyGroupLabels = {
  local_authority: 'Local authority children’s social care',
  police: 'Police',
  health: 'Health (the integrated care board and health services involved with the children)',
  education: 'The children’s schools, colleges and childcare',
  other: 'Other agencies involved with the children',
} as const
type AgencyGroup = keyof typeof agencyGroupLabels
const kindsOf: Readonly<Record<AgencyGroup, readonly string[]>> = {
  local_authority: ['la_childrens_social_care'],
  police: ['police_force'],
  health: ['icb', 'gp_practice', 'nhs_trust'],
  education: ['school', 'college', 'early_years'],
  other: ['probation', 'youth_justice', 'voluntary_charity', 'faith_group', 'sports_youth_club'],
}

export const startRapidReview = defineStep<IncidentRecord, { id: string; asked: number }>({
  operationId: 'startRapidReview',
  ...onIncident,
  path: '/partnership/incidents/:incidentId/rapid-review',
  title: 'Start the rapid review',
  description: 'Asks each agency for its individual agency summary, by email and in Together.',
  submitText: 'Ask the agencies for their summaries',
  fields: {
    agencies: checkboxes({
      label: 'Which agencies to ask for a summary',
      hint: 'The police, the integrated care board and the local authority are asked from the partnership register; schools, health services and other agencies are the ones involved with the children.',
      options: optionsOf(agencyGroupLabels),
      required: 'Select the agencies to ask for a summary',
    }),
    summariesDueOn: date({
      label: 'Date the summaries are due',
      required: 'Enter the date the summaries are due',
    }),
  },
  access: partnershipWork,
  unavailable: (incident) => notAt(incident, 'start_rapid_review'),
  run: async (ctx, input, incident) => {
    const { tx, now, actor } = ctx
    const groups = input.agencies as AgencyGroup[]
    const kinds = groups.flatMap((g) => kindsOf[g])
    // Statutory partners come from the register (or the area's own, before the register is filled in);
    // everyone else is an organisation involved with one of the notified children.
    const rows = await sql<{ id: string }>`
      SELECT DISTINCT o.id FROM organisation o
      WHERE o.local_area_id = ${incident.localAreaId} AND o.kind = ANY(${sql.val(kinds)}::text[])
        AND (
          o.kind IN ('la_childrens_social_care', 'police_force', 'icb')
          OR EXISTS (
            SELECT 1 FROM involvement i JOIN serious_incident_child c ON c.child_id = i.child_id
            WHERE c.incident_id = ${incident.id} AND i.organisation_id = o.id
          )
        )`.execute(tx)
    if (rows.rows.length === 0)
      return err(
        domainError('LEARNING.NO_AGENCIES', 'No agencies of those kinds are involved with the children', {
          agencies: 'No agencies of those kinds are involved with the children: choose others',
        }),
      )
    for (const r of rows.rows) {
      await tx
        .insertInto('rapid_review_agency')
        .values({ incident_id: incident.id, organisation_id: r.id, asked_at: now, state: 'awaited' })
        .onConflict((oc) => oc.columns(['incident_id', 'organisation_id']).doNothing())
        .execute()
      await notifyOrganisationRoles(
        tx,
        {
          organisationId: r.id,
          roles: [...agencyLeadRoles],
          kind: 'partnership.agency_summary_requested',
          subject: `Rapid review ${incident.reference}: your agency’s summary is needed`,
          body: `The safeguarding partnership is holding a rapid review of serious incident ${incident.reference}.\n\nPlease submit your agency’s summary of its involvement in Together by ${formatLocalDate(input.summariesDueOn as LocalDate)}, or say that your agency holds no information:\n${ctx.deps.settings.serviceUrl}/partnership/summaries`,
          relatedType: 'serious_incident',
          relatedId: incident.id,
        },
        now,
      )
    }
    await recordStep(
      { tx, actor, now },
      incident,
      'start_rapid_review',
      {
        groups,
        asked: rows.rows.map((r) => r.id),
        summariesDueOn: formatLocalDate(input.summariesDueOn as LocalDate),
      },
      'rapid_review',
    )
    return ok({ id: incident.id, asked: rows.rows.length })
  },
  action: 'partnership.rapid_review_started',
  auditDetails: (out) => ({ asked: out.asked }),
  output: z.object({ id: z.string(), asked: z.number() }),
  done: (_o, params) => `${incidentPage(params)}?started=1`,
  caption: (i) => `Serious incident ${i.reference}`,
})

// ---------------------------------------------------------------------------------------------------------------

type AskedIncident = IncidentRecord & { readonly mine: string | undefined }

export const submitAgencySummary = defineStep<AskedIncident, { id: string }>({
  operationId: 'submitAgencySummary',
  ...onIncident,
  path: '/partnership/incidents/:incidentId/summary',
  title: 'Submit your agency’s summary',
  description: 'An agency asked for a rapid review answers in Together: its summary, or that it holds nothing.',
  submitText: 'Submit the summary',
  fields: {
    answer: radios({
      label: 'Your agency’s answer',
      options: [
        {
          value: 'summary',
          text: 'We were involved: here is our summary',
          reveals: ['involvement', 'analysis', 'learning'],
        },
        { value: 'holds_nothing', text: 'We hold no information about these children' },
      ],
      required: 'Select whether your agency was involved',
    }),
    involvement: textarea({
      label: 'Your agency’s involvement, in date order',
      required: 'Enter your agency’s involvement',
      max: 50_000,
      rows: 10,
    }),
    analysis: textarea({ label: 'Your analysis of that involvement', required: 'Enter your analysis', max: 20_000 }),
    learning: textarea({
      label: 'Learning and what your agency has already done',
      required: 'Enter the learning you have identified',
      max: 20_000,
    }),
  },
  load: async (ctx) => {
    const incident = await loadIncidentLocked(ctx)
    if (incident === undefined) return undefined
    return {
      ...incident,
      mine: incident.agencies.find((a) => a.organisationId === ctx.actor.organisationId)?.state.kind,
    }
  },
  access: (actor, incident) =>
    maySubmitAgencySummary(
      actor,
      incident.localAreaId,
      incident.agencies.map((a) => a.organisationId),
    ),
  unavailable: (incident) =>
    notAt(incident, 'submit_agency_summary') ??
    (incident.mine !== undefined && incident.mine !== 'awaited'
      ? 'Your agency has already answered this rapid review'
      : undefined),
  run: async ({ tx, actor, now }, input, incident) => {
    const holdsNothing = input.answer === 'holds_nothing'
    await answerAwaitedSummary({ tx, actor, now }, incident.id, actor.organisationId, {
      state: holdsNothing ? 'holds_nothing' : 'submitted',
      involvement: holdsNothing ? null : (input.involvement as string),
      analysis: holdsNothing ? null : (input.analysis as string),
      learning: holdsNothing ? null : (input.learning as string),
    })
    await recordStep({ tx, actor, now }, incident, 'submit_agency_summary', {
      organisationId: actor.organisationId,
      answer: input.answer,
    })
    return ok({ id: incident.id })
  },
  action: 'partnership.agency_summary_submitted',
  auditDetails: (_o, input) => ({ answer: input.answer }),
  output: idOutput,
  done: () => '/partnership/summaries?submitted=1',
  caption: (i) => `Rapid review ${i.reference}`,
  back: () => ({ href: '/partnership/summaries', text: 'Back to summaries asked of your agency' }),
  intro: () => [
    'Give the facts of your agency’s involvement with the children and family, what you think of it, and what your agency has learned. Do not include information about people other than the family that the review does not need.',
  ],
})

// ---------------------------------------------------------------------------------------------------------------

export const closeSummaryGap = defineStep<IncidentRecord & { agencyName: string | undefined }, { id: string }>({
  operationId: 'closeSummaryGap',
  ...onIncident,
  path: '/partnership/incidents/:incidentId/agencies/:organisationId/close-gap',
  title: 'Close a missing summary',
  description: 'The business manager records why the rapid review goes ahead without one agency’s summary.',
  submitText: 'Close the gap',
  fields: {
    reason: textarea({
      label: 'Why the review goes ahead without this agency’s summary',
      required: 'Enter why the review goes ahead without this summary',
      max: 5_000,
      rows: 4,
    }),
  },
  load: async (ctx) => {
    const incident = await loadIncidentLocked(ctx)
    if (incident === undefined) return undefined
    const agency = incident.agencies.find((a) => a.organisationId === ctx.params.organisationId)
    if (agency === undefined) return undefined
    return { ...incident, agencyName: agency.state.kind === 'awaited' ? agency.organisationName : undefined }
  },
  access: partnershipWork,
  unavailable: (incident) =>
    notAt(incident, 'close_summary_gap') ??
    (incident.agencyName === undefined ? 'This agency has already answered' : undefined),
  run: async ({ tx, actor, now, params }, input, incident) => {
    await answerAwaitedSummary({ tx, actor, now }, incident.id, params.organisationId!, {
      state: 'gap_closed',
      gap_reason: input.reason as string,
    })
    await recordStep({ tx, actor, now }, incident, 'close_summary_gap', {
      organisationId: params.organisationId,
      reason: input.reason,
    })
    return ok({ id: incident.id })
  },
  action: 'partnership.summary_gap_closed',
  output: idOutput,
  done: (_o, params) => incidentPage(params),
  caption: (i) => `Rapid review ${i.reference}${i.agencyName === undefined ? '' : `: ${i.agencyName}`}`,
})

// ---------------------------------------------------------------------------------------------------------------

export const decideRapidReview = defineStep<IncidentRecord, { id: string }>({
  operationId: 'decideRapidReview',
  ...onIncident,
  path: '/partnership/incidents/:incidentId/decision',
  title: 'Record the rapid review’s decision',
  description:
    'Only after every asked agency has submitted its summary or said it holds nothing (or the business manager closed the gap with a reason).',
  submitText: 'Record the decision and ask the partners to sign it off',
  fields: {
    meetingOn: date({
      label: 'Date of the rapid review meeting',
      required: 'Enter the date of the rapid review meeting',
    }),
    immediateActions: textarea({
      label: 'Immediate actions to keep children safe',
      required: 'Enter the immediate safety actions, or say there are none',
      max: 20_000,
    }),
    learning: textarea({ label: 'Learning identified', required: 'Enter the learning identified', max: 20_000 }),
    decision: radios({
      label: 'Decision',
      options: optionsOf(rapidReviewDecisionLabels, { no_review: ['reasons'] }),
      required: 'Select the decision',
    }),
    reasons: textarea({
      label: 'Why no practice review is needed',
      required: 'Give the reasons for not holding a practice review',
      max: 10_000,
      rows: 4,
    }),
  },
  access: partnershipWork,
  unavailable: (incident) => {
    const stage = notAt(incident, 'decide_rapid_review')
    if (stage !== undefined) return stage
    const ready = checkReadyToDecide(incident.agencies)
    return ready.ok ? undefined : ready.error.message
  },
  run: async ({ tx, actor, now, today }, input, incident) => {
    const checked = checkDecision(
      {
        meetingOn: input.meetingOn as LocalDate,
        decision: input.decision as RapidReviewDecision,
        reasons: (input.reasons as string | undefined) ?? '',
        immediateActions: input.immediateActions as string,
        learning: input.learning as string,
      },
      incident.notifiedPanelOn,
      today,
    )
    if (!checked.ok) return checked
    const d = checked.value
    await tx
      .updateTable('serious_incident')
      .set({
        meeting_on: formatLocalDate(d.meetingOn),
        decision: d.decision,
        decision_reasons: d.reasons,
        immediate_actions: d.immediateActions,
        learning: d.learning,
      })
      .where('id', '=', incident.id)
      .execute()
    await recordStep(
      { tx, actor, now },
      incident,
      'decide_rapid_review',
      { decision: d.decision, meetingOn: formatLocalDate(d.meetingOn) },
      'awaiting_sign_off',
    )
    return ok({ id: incident.id })
  },
  action: 'partnership.rapid_review_decided',
  auditDetails: (_o, input) => ({ decision: input.decision }),
  output: idOutput,
  done: (_o, params) => `${incidentPage(params)}?decided=1`,
  caption: (i) => `Rapid review ${i.reference}`,
})

// ---------------------------------------------------------------------------------------------------------------

export const signOffRapidReview = defineStep<IncidentRecord, { id: string; remaining: string[] }>({
  operationId: 'signOffRapidReview',
  ...onIncident,
  path: '/partnership/incidents/:incidentId/sign-off',
  title: 'Sign off the rapid review',
  description:
    'Each of the three lead safeguarding partners (or their delegate) signs off; the third sign-off completes the review.',
  submitText: 'Sign off',
  fields: {
    confirm: confirmField('this rapid review and its decision', 'the rapid review'),
  },
  access: (actor, incident) => maySignOff(actor, incident.localAreaId),
  unavailable: (incident) => notAt(incident, 'sign_off_rapid_review'),
  run: async ({ tx, actor, now, today }, _input, incident) => {
    const signed = await signFor(tx, 'rapid_review', incident.id, incident.localAreaId, actor.userId, now)
    if (!signed.ok) return signed
    const { partner, remaining, complete } = signed.value
    const decision = incident.decision as RapidReviewDecision
    await recordStep(
      { tx, actor, now },
      incident,
      'sign_off_rapid_review',
      { partner, remaining },
      complete ? stageAfterDecision[decision] : incident.stage,
    )
    if (complete) {
      // Signed by all three partners, the review goes to the Panel today: that meets its clock.
      await tx
        .updateTable('serious_incident')
        .set({ sent_to_panel_on: formatLocalDate(today) })
        .where('id', '=', incident.id)
        .execute()
      const t = learningTransition(incident.stage, 'sign_off_rapid_review')
      if (t.ok)
        for (const rule of t.value.completes)
          await completeDeadline(tx, { type: 'serious_incident', id: incident.id }, rule, now)
    }
    return ok({
      id: incident.id,
      remaining: remaining.map((p) => statutoryPartnerLabels[p]),
    })
  },
  action: 'partnership.rapid_review_signed_off',
  auditDetails: (out) => ({ remaining: out.remaining }),
  output: z.object({ id: z.string(), remaining: z.array(z.string()) }),
  done: (_o, params) => `${incidentPage(params)}?signed=1`,
  caption: (i) => `Rapid review ${i.reference}`,
})

// ---------------------------------------------------------------------------------------------------------------

export const recordPracticeReview = defineStep<IncidentRecord, { id: string; stage: string }>({
  operationId: 'recordPracticeReview',
  ...onIncident,
  path: '/partnership/incidents/:incidentId/practice-review',
  title: 'Record progress on the practice review',
  description:
    'Commissioned (reviewer, terms of reference), draft, final (planned publication date), sent to the Panel and the Secretary of State, published.',
  submitText: 'Record it',
  fields: {
    stage: radios({
      label: 'What has happened',
      options: optionsOf(practiceReviewStageLabels, {
        commissioned: ['reviewer', 'termsOfReference'],
        final: ['plannedPublicationOn'],
        published: ['url'],
      }),
      required: 'Select what has happened',
    }),
    occurredOn: date({ label: 'Date', required: 'Enter the date it happened' }),
    reviewer: text({ label: 'Reviewer', required: 'Enter the reviewer’s name', max: 300 }),
    termsOfReference: textarea({ label: 'Terms of reference', required: 'Enter the terms of reference', max: 20_000 }),
    plannedPublicationOn: date({
      label: 'Planned publication date',
      required: 'Enter the planned publication date',
    }),
    url: text({ label: 'Where it is published (web address)', required: 'Enter the web address', max: 1_000 }),
  },
  access: partnershipWork,
  unavailable: (incident) => notAt(incident, 'record_practice_review'),
  check: (input, _i, { today }) => {
    const m = notInFuture(input.occurredOn as LocalDate | undefined, today, 'The date must be today or in the past')
    return m === undefined ? {} : { occurredOn: m }
  },
  run: async ({ tx, actor, now }, input, incident) => {
    const stage = input.stage as PracticeReviewStage
    const order = checkPracticeReviewStage(
      incident.practiceStages.map((s) => s.stage),
      stage,
    )
    if (!order.ok) return order
    const occurredOn = input.occurredOn as LocalDate
    const rule = findRule('practice-review-to-panel')
    if (!rule.ok) return rule
    if (stage === 'published') {
      const sent = incident.practiceStages.find((s) => s.stage === 'sent')
      if (sent !== undefined) {
        const clock = await loadPartnershipClock(tx, incident.localAreaId)
        const earliest = clock.calendar.addWorkingDays(sent.occurredOn, rule.value.amount)
        const when = checkPublicationDate(occurredOn, earliest, rule.value.amount)
        if (!when.ok) return err(domainError(when.error.code, when.error.message, { occurredOn: when.error.message }))
      }
    }
    const details: Record<string, unknown> = {}
    for (const k of ['reviewer', 'termsOfReference', 'url'] as const) if (input[k] !== undefined) details[k] = input[k]
    if (input.plannedPublicationOn !== undefined)
      details.plannedPublicationOn = formatLocalDate(input.plannedPublicationOn as LocalDate)
    await tx
      .insertInto('practice_review_stage')
      .values({
        incident_id: incident.id,
        stage,
        occurred_on: formatLocalDate(occurredOn),
        details: JSON.stringify(details),
        recorded_by: actor.userId,
        created_at: now,
      })
      .execute()
    if (stage === 'final') {
      const reference = incident.reference
      const registered = await registerDeadline(
        tx,
        {
          localAreaId: incident.localAreaId,
          organisationId: actor.organisationId,
          ruleId: 'practice-review-to-panel',
          subjectType: 'serious_incident',
          subjectId: incident.id,
          title: `Send practice review ${reference} to the Panel and the Secretary of State`,
          startedOn: input.plannedPublicationOn as LocalDate,
        },
        now,
      )
      if (!registered.ok) return err(domainError('LEARNING.CLOCK_FAILED', registered.error.message))
    }
    if (stage === 'sent')
      await completeDeadline(tx, { type: 'serious_incident', id: incident.id }, 'practice-review-to-panel', now)
    await recordStep(
      { tx, actor, now },
      incident,
      'record_practice_review',
      { stage, occurredOn: formatLocalDate(occurredOn) },
      stage === 'published' ? 'closed' : incident.stage,
    )
    return ok({ id: incident.id, stage })
  },
  action: 'partnership.practice_review_recorded',
  auditDetails: (out) => ({ stage: out.stage }),
  output: z.object({ id: z.string(), stage: z.string() }),
  done: (_o, params) => incidentPage(params),
  caption: (i) => `Practice review ${i.reference}`,
})

/** Whether the actor reads this incident (the detail page); agencies reach only their summary form. */
export const mayReadIncident = (actor: Parameters<typeof mayReadPartnership>[0], incident: { localAreaId: string }) =>
  mayReadPartnership(actor, incident.localAreaId)

export const learningSteps = [
  notifySeriousIncident,
  startRapidReview,
  submitAgencySummary,
  closeSummaryGap,
  decideRapidReview,
  signOffRapidReview,
  recordPracticeReview,
] as const
