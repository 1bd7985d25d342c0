import type { Transaction } from 'kysely'
import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import {
  date,
  dateTime,
  group,
  loadedChoice,
  radios,
  text,
  textarea,
  type Option,
} from '../../../platform/forms/fields.js'
import {
  frontDoorOutcomes,
  decisionMessages,
  immediateProtectionKinds,
  TEXT_MAX,
  validateFrontDoorDecision,
  type FrontDoorDecisionInput,
} from '../domain/referral.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Deps } from '../../../platform/context.js'
import { defineStep, withAudit, type StepContext } from '../../../platform/steps/defineStep.js'
import type { ReferralRow } from '../queries/referralAccess.js'
import { openEpisode } from '../../protection/steps/openEpisode.js'
import { takeEpisodeStep } from '../../protection/steps/takeEpisodeStep.js'
import { defaultPractitionerRole, openEpisodeInTransaction } from '../../family-help/index.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { frontDoorStep } from '../queries/frontDoorAccess.js'
import { decide } from '../../access/domain/policy.js'
import { frontDoorWork, loadReferralForStep } from './frontDoorWork.js'
import { tellReferrer } from './tellReferrer.js'
import { activeUsersOf } from '../../people/queries/activeUsers.js'
import { usersWithRole } from '../../../platform/identity/refUsersWithRole.js'

export interface ReferralDecided {
  readonly episodeId: string
  readonly episodeReference: string
  readonly outcome: string
  readonly phase: string
}

/** Social workers and team managers of the local authority, for the allocation lists. */
async function allocationCandidates(
  db: Deps['db'] | Transaction<DB>,
  organisationId: string,
): Promise<{ socialWorkers: { id: string; name: string }[]; teamManagers: { id: string; name: string }[] }> {
  const users = await activeUsersOf(db, organisationId)
  return { socialWorkers: usersWithRole(users, 'social_worker'), teamManagers: usersWithRole(users, 'team_manager') }
}

const outcomeHints: Record<string, string> = {
  no_further_action:
    'The referral does not need children’s social care. Say where you have pointed the family instead.',
  early_help: 'The family needs support, with their agreement, through early help.',
  assessment:
    'The child may be in need (section 17). Starts the 45 working day assessment clock from the referral date.',
  strategy_discussion:
    'There is reasonable cause to suspect the child is suffering, or likely to suffer, significant harm.',
  immediate_protection:
    'The child has been taken into police protection, or an emergency protection order has been made. A strategy discussion follows.',
}

interface Loaded {
  readonly referral: ReferralRow
  readonly decided: boolean
  readonly childName: string | undefined
  readonly socialWorkers: readonly Option[]
  readonly teamManagers: readonly Option[]
}

/** The decision as the domain reads it, from the step's input (the API body's shape). */
function decisionOf(input: Record<string, unknown>): FrontDoorDecisionInput {
  const p = (input.immediateProtection ?? {}) as {
    kind?: string
    at?: string
    policeReference?: string
    orderMadeOn?: LocalDate
  }
  return {
    outcome: input.outcome as string | undefined,
    rationale: (input.rationale as string | undefined) ?? '',
    signposting: input.signposting as string | undefined,
    protectionKind: p.kind,
    policeProtectionAtMs: p.at === undefined ? undefined : Date.parse(p.at),
    policeReference: p.policeReference,
    orderMadeOn: p.orderMadeOn,
  }
}

const closesTheCase = (outcome: unknown) => outcome === 'no_further_action' || outcome === 'early_help'

/**
 * The front door’s decision on a referral (T1), with its reasons: no further action (with signposting), early
 * help, a child and family assessment, a strategy discussion, or immediate protection (police protection, or
 * an emergency protection order, whose clock starts from the day it was made). In one transaction: the episode
 * is opened and the decide_referral step taken through the transition table (which meets the referral-decision
 * clock and starts the assessment clock where the table says), the referral marked decided (and acknowledged,
 * if it was not yet), the social worker and manager allocated, and the referrer told. A second decision on the
 * same referral (REFERRAL.ALREADY_DECIDED), or the same form sent twice (EPISODE.ALREADY_SUBMITTED), is refused
 * with its published code and writes nothing; the page then shows the decision made.
 */
export const decideReferral = defineStep<Loaded, ReferralDecided>({
  ...frontDoorWork<Loaded>((r) => ({ kind: 'referral.decide', referral: r.facts })),
  operationId: 'decideReferral',
  path: '/front-door/referrals/:id/decision',
  apiPath: '/referrals/:id/decision',
  title: 'Record the decision',
  description: 'The front door’s decision with its reasons: opens the case (episode) in the same transaction',
  submitText: 'Record the decision',
  okStatus: 200,
  repeatedKey: 'refuse',
  repeatedError: {
    code: 'EPISODE.ALREADY_SUBMITTED',
    message: 'This decision has already been recorded – it was not recorded a second time',
  },
  // The rules across fields (which kind of protection needs what, nothing in the future) are the domain's
  // (validateFrontDoorDecision, in `check`), with its messages; no further action reveals the signposting and
  // immediate protection its details.
  fields: {
    outcome: radios({
      label: 'What have you decided?',
      required: decisionMessages.outcomeMissing,
      options: frontDoorOutcomes.map((t) => ({
        value: t.outcome,
        text: t.label,
        ...(outcomeHints[t.outcome] === undefined ? {} : { hint: outcomeHints[t.outcome] }),
        ...(t.outcome === 'no_further_action'
          ? { reveals: ['signposting'] }
          : t.outcome === 'immediate_protection'
            ? { reveals: ['immediateProtection'] }
            : {}),
      })),
    }),
    rationale: textarea({
      label: 'Your reasons',
      hint: 'What you weighed up, including what other agencies told you.',
      required: decisionMessages.rationaleMissing,
      max: TEXT_MAX,
    }),
    signposting: textarea({
      label: 'Where have you signposted the child and family?',
      required: decisionMessages.signpostingMissing,
      rows: 3,
      max: TEXT_MAX,
    }),
    immediateProtection: group({
      label: 'Immediate protection',
      description:
        'Required for immediate_protection: police protection (at, policeReference) or an emergency protection order (orderMadeOn, which starts its clock)',
      pageNames: { kind: 'protectionKind', at: 'policeProtectionAt' },
      fields: {
        kind: radios({
          label: 'Which?',
          required: decisionMessages.protectionKindMissing,
          options: immediateProtectionKinds.map((k) => ({ value: k.id, text: k.label })),
        }),
        at: dateTime({
          label: 'Police protection: the date and time the child was taken into police protection',
          invalid: 'Enter a real date, and the time like 14:30',
          dateName: 'ppDate',
          timeName: 'ppTime',
        }),
        policeReference: text({ label: 'Police protection: the police reference', max: 1000, width: 20 }),
        orderMadeOn: date({
          label: 'Emergency protection order: the date the court made it',
          hint: 'Starts the clock for the order’s end (8 days).',
        }),
      },
    }),
    leadUserId: loadedChoice({
      kind: 'select',
      label: 'Social worker (lead practitioner)',
      hint: 'Optional: you can allocate the case later.',
      notOffered: 'Select a social worker from the list',
    }),
    teamManagerUserId: loadedChoice({
      kind: 'select',
      label: 'Team manager',
      notOffered: 'Select a team manager from the list',
    }),
  },
  load: async (ctx: StepContext): Promise<Loaded | undefined> => {
    const got = await loadReferralForStep(ctx)
    if (got === undefined) return undefined
    const { referral } = got
    const episode = await ctx.tx
      .selectFrom('episode')
      .select('id')
      .where('referral_id', '=', referral.id)
      .executeTakeFirst()
    const child =
      referral.childId === null
        ? undefined
        : await ctx.tx
            .selectFrom('child_current')
            .select(['given_name', 'family_name'])
            .where('id', '=', referral.childId)
            .executeTakeFirst()
    const staff = await allocationCandidates(ctx.tx, referral.toOrganisationId)
    const asOptions = (people: { id: string; name: string }[]) => people.map((s) => ({ value: s.id, text: s.name }))
    return {
      referral,
      decided: referral.state !== 'received' || episode !== undefined,
      childName: child === undefined ? undefined : `${child.given_name} ${child.family_name}`,
      socialWorkers: asOptions(staff.socialWorkers),
      teamManagers: asOptions(staff.teamManagers),
    }
  },
  // The form is the front door's page: hidden from anyone else (the referrer too), as the front door's other
  // pages are; sending a decision refuses anyone who may see the referral (403).
  formAccess: (actor, { referral }) => {
    const page = decide(actor, frontDoorStep(referral))
    if (!page.allowed) return { ...page, visible: false }
    const allowed = decide(actor, { kind: 'referral.decide', referral: referral.facts })
    return allowed.allowed ? allowed : { ...allowed, visible: true }
  },
  choices: (l) => ({ leadUserId: l.socialWorkers, teamManagerUserId: l.teamManagers }),
  intro: (l) => [
    `${l.childName === undefined ? '' : `About ${l.childName}. `}The referrer will be told the decision and your reasons.`,
  ],
  conflict: ({ decided, referral }) =>
    decided
      ? domainError('REFERRAL.ALREADY_DECIDED', 'A decision has already been made on this referral')
      : referral.childId === null
        ? domainError('REFERRAL.CHILD_NOT_LINKED', 'Link the referral to the child’s record before deciding')
        : undefined,
  // A decision made already, or this form sent twice: the page shows what was decided rather than an error.
  redirects: (code, params, on) =>
    code === 'REFERRAL.ALREADY_DECIDED' || code === 'EPISODE.ALREADY_SUBMITTED'
      ? `/front-door/referrals/${params.id}/decided${on === 'sent' ? '?again=1' : ''}`
      : undefined,
  check: (input, _loaded, { now, today }) => {
    const valid = validateFrontDoorDecision(decisionOf(input), now.getTime(), today)
    const fields: Record<string, string> = valid.ok ? {} : { ...valid.error.fields }
    if (closesTheCase(input.outcome) && (input.leadUserId !== undefined || input.teamManagerUserId !== undefined))
      fields.leadUserId =
        'Do not allocate a social worker when the referral is closed with no further action or early help'
    return fields
  },
  run: async ({ tx, now, today, actor, meta, deps, submissionKey }, input, { referral }) => {
    const valid = validateFrontDoorDecision(decisionOf(input), now.getTime(), today)
    // `check` has refused anything the domain refuses; this is its value.
    if (!valid.ok) return err(valid.error)
    const d = valid.value
    const lead = input.leadUserId as string | undefined
    const manager = input.teamManagerUserId as string | undefined
    const opened = await openEpisode(
      tx,
      {
        id: referral.id,
        // `conflict` refuses a referral without its child.
        childId: referral.childId!,
        toOrganisationId: referral.toOrganisationId,
        receivedOn: todayInEngland(referral.receivedAt),
      },
      now,
    )
    if (lead !== undefined || manager !== undefined) {
      await tx
        .updateTable('episode')
        .set({ lead_user_id: lead ?? null, team_manager_user_id: manager ?? null })
        .where('id', '=', opened.episode.id)
        .execute()
    }
    const episode = { ...opened.episode, leadUserId: lead ?? null, teamManagerUserId: manager ?? null }
    const protection =
      d.immediateProtection === undefined
        ? undefined
        : d.immediateProtection.kind === 'police_protection'
          ? {
              kind: 'police_protection',
              at: new Date(d.immediateProtection.atMs).toISOString(),
              policeReference: d.immediateProtection.policeReference,
            }
          : d.immediateProtection
    const step = await takeEpisodeStep(
      tx,
      actor,
      { episode, facts: opened.facts },
      {
        step: 'decide_referral',
        outcome: d.outcome,
        occurredOn: today,
        rationale: d.rationale,
        details: {
          ...(d.signposting === undefined ? {} : { signposting: d.signposting }),
          ...(protection === undefined ? {} : { immediateProtection: protection }),
          ...(lead === undefined ? {} : { leadUserId: lead }),
          ...(manager === undefined ? {} : { teamManagerUserId: manager }),
        },
        ...(submissionKey === undefined ? {} : { submissionKey }),
      },
      now,
      meta,
    )
    if (!step.ok) return err(step.error)
    // Early help from the front door opens family help for the child (unless an episode is open already).
    if (d.outcome === 'early_help') {
      await openEpisodeInTransaction(
        tx,
        actor,
        {
          origin: 'front_door_decision',
          childIds: [episode.childId],
          level: 'early_help',
          requestSource: referral.sourceCode,
          adults: [],
          openerRole: defaultPractitionerRole(actor.organisationKind),
          referralId: referral.id,
        },
        now,
        meta,
      )
    }
    if (d.orderMadeOn !== undefined) {
      const clock = await registerDeadline(
        tx,
        {
          localAreaId: episode.localAreaId,
          organisationId: episode.localAuthorityId,
          assignedUserId: lead ?? null,
          ruleId: 'emergency-protection-order',
          subjectType: 'episode',
          subjectId: episode.id,
          childId: episode.childId,
          title: `Emergency protection order ends (${episode.reference})`,
          startedOn: d.orderMadeOn,
        },
        now,
      )
      if (!clock.ok) return err(domainError('REFERRAL.CLOCK_FAILED', clock.error.message))
    }
    await tx
      .updateTable('referral')
      .set({ state: 'decided', acknowledged_at: referral.acknowledgedAt ?? now })
      .where('id', '=', referral.id)
      .execute()
    const referrerTold = await tellReferrer(
      tx,
      referral,
      {
        kind: 'referral.decided',
        subject: `Decision on your referral ${referral.reference}`,
        professional: `Children’s social care has decided what happens next on your referral ${referral.reference}: ${d.outcomeLabel}.\nThe reasons are in Together.`,
      },
      now,
      deps.settings.serviceUrl,
    )
    const decided: ReferralDecided = {
      episodeId: episode.id,
      episodeReference: episode.reference,
      outcome: d.outcome,
      phase: step.value.to,
    }
    // Whether the referrer was told is for the audit row only: the API's published answer has no such field.
    return ok(withAudit(decided, { referrerTold }))
  },
  action: 'referral.decided',
  auditDetails: (out, input, { referral }) => {
    const made = (input.immediateProtection as { orderMadeOn?: LocalDate } | undefined)?.orderMadeOn
    return {
      episodeId: out.episodeId,
      outcome: out.outcome,
      childId: referral.childId,
      ...(made === undefined ? {} : { orderMadeOn: formatLocalDate(made) }),
    }
  },
  output: z.object({ episodeId: z.uuid(), episodeReference: z.string(), outcome: z.string(), phase: z.string() }),
  done: (_out, params) => `/front-door/referrals/${params.id}/decided`,
})
