import { z } from 'zod'
import { auditActor } from '../../../platform/audit/auditActor.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, described, radios, text, textarea } from '../../../platform/forms/fields.js'
import { optionsOf, yesNo } from '../../../platform/shared/wordList.js'
import { invalidFields } from '../../../platform/shared/problems.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import {
  consentLabels,
  consentMessages,
  defaultReferralSource,
  identityMessages,
  REASON_MAX,
  TEXT_MAX,
  validateConsent,
  validateIdentity,
  type ValidConsent,
  type ValidIdentity,
} from '../../referrals/domain/referral.js'
import { receiveReferral } from '../../referrals/steps/receiveReferral.js'
import { localAuthorityFor } from '../../referrals/queries/referralAccess.js'
import { todayInEngland } from '../../../platform/calendar/london.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { dslCompetency, type GateOutcome } from '../../training/index.js'
import { defaultPractitionerRole, openEpisodeInTransaction } from '../../family-help/index.js'
import { formatCount, TEXT_LIMITS } from '../domain/text.js'
import {
  decisionKinds,
  decisionMessages,
  findDecisionKind,
  transition,
  validateDecision,
  type ValidDecision,
} from '../domain/workflow.js'
import { concernWork, insertConcernEvent, type ConcernLoaded } from './concernWork.js'
import { tellAuthor } from './tellAuthor.js'

export interface ConcernDecided {
  readonly kind: string
  readonly referralIds: string[]
  /** The family help an early-help decision opened (not in the API's published answer). */
  readonly familyHelpEpisodeId?: string
}

interface Loaded extends ConcernLoaded {
  /** Whether the deciding DSL's own training is current (issue 14's competency gate). */
  readonly gate: GateOutcome
}

/** Each option's own questions, inside it on the page (GOV.UK conditional reveals, without JavaScript too). */
const reveals: Readonly<Record<string, readonly string[]>> = {
  monitor: ['reviewOn'],
  fgm_report_made: ['reportedOn'],
  refer_to_childrens_social_care: [
    'parentsAware',
    'parentalConsent',
    'consentNotSoughtReason',
    'parentsViews',
    'identityWithheld',
  ],
}

/** What the gate says to a DSL whose training has lapsed, above the form and on it. */
export function trainingWarning(gate: GateOutcome): string | undefined {
  return gate.kind === 'clear'
    ? undefined
    : `Your designated safeguarding lead training has lapsed: ${gate.lapsed.join('; ')}. ${gate.kind === 'block' ? 'Your safeguarding partnership requires it to be current before you record a decision.' : 'You can still record a decision; it will be recorded that your training had lapsed.'}`
}

/**
 * The decision as the domain judges it (validateDecision, and for a referral the parents' knowledge and consent
 * and whether the family may be told who referred), from the step's input: `check` shows its problems, `run`
 * records its values. The identity question is judged only when answered: an API client may leave it out.
 */
function judged(
  input: Record<string, unknown>,
  today: LocalDate,
): Result<{ decision: ValidDecision; consent?: ValidConsent; identity?: ValidIdentity }, DomainError> {
  const s = (name: string) => input[name] as string | undefined
  const valid = validateDecision(
    {
      kind: s('kind'),
      rationale: s('rationale') ?? '',
      reviewOn: input.reviewOn as LocalDate | undefined,
      policeReference: s('policeReference'),
      reportedOn: input.reportedOn as LocalDate | undefined,
    },
    today,
  )
  // Parents' knowledge and consent are asked only when the decision is a referral.
  const refers = s('kind') === 'refer_to_childrens_social_care'
  const consent = refers
    ? validateConsent({
        parentsAware: s('parentsAware'),
        parentalConsent: s('parentalConsent'),
        consentNotSoughtReason: s('consentNotSoughtReason'),
        parentsViews: s('parentsViews'),
      })
    : undefined
  const identity =
    refers && s('identityWithheld') !== undefined
      ? validateIdentity(
          { identityWithheld: s('identityWithheld'), identityWithheldReason: s('identityWithheldReason') },
          'professional',
        )
      : undefined
  if (!valid.ok || (consent !== undefined && !consent.ok) || (identity !== undefined && !identity.ok)) {
    const fields = {
      ...(valid.ok ? {} : valid.error.fields),
      ...(consent === undefined || consent.ok ? {} : consent.error.fields),
      ...(identity === undefined || identity.ok ? {} : identity.error.fields),
    }
    return invalidFields('CONCERN.DECISION_INVALID', fields, 'Check the decision')
  }
  return ok({
    decision: valid.value,
    ...(consent?.ok === true ? { consent: consent.value } : {}),
    ...(identity?.ok === true ? { identity: identity.value } : {}),
  })
}

const lapsedMessage = 'Your designated safeguarding lead training has lapsed: ask another DSL to record this decision'

/**
 * The DSL's decision on a concern, with its rationale. Its consequences happen in the same transaction: a
 * referral to the children's social care of each child's home area (with the referral-decision clock), the
 * LADO clock, or the FGM report clock met. The author is told a decision was made (closing the loop). A referral
 * records whether the parents know and agreed, and why their agreement was not sought if it was not. The
 * concern's own page holds the form; a refused one is shown again on the engine's form.
 */
const work = concernWork('decide', (c) => ({ kind: 'concern.manage', concern: c.facts }))

export const decideConcern = defineStep<Loaded, ConcernDecided>({
  ...work,
  operationId: 'decideConcern',
  path: '/concerns/:id/decision',
  title: 'Record a decision',
  description:
    'The safeguarding lead records a decision with its rationale (a referral also needs the parents’ consent)',
  submitText: 'Record decision',
  okStatus: 200,
  // The rules across fields (what each kind needs, dates against today, the consent questions of a referral) are
  // the domain's (validateDecision, validateConsent, validateIdentity, in `check`), with its messages.
  fields: {
    kind: radios({
      label: 'Record a decision',
      required: decisionMessages.kindMissing,
      options: decisionKinds.map((k) => ({
        value: k.id,
        text: k.label,
        hint: k.hint,
        ...(reveals[k.id] === undefined ? {} : { reveals: reveals[k.id] }),
      })),
    }),
    reviewOn: date({ label: 'Review by', hint: 'For example, 7 12 2026', required: decisionMessages.reviewOnMissing }),
    reportedOn: date({
      label: 'Date it was reported to the police',
      hint: 'For example, 24 11 2026',
      required: decisionMessages.reportedOnMissing,
    }),
    parentsAware: described(
      radios({
        label: 'Do the child’s parents or carers know about the referral?',
        required: consentMessages.parentsAwareMissing,
        inline: true,
        options: optionsOf(yesNo),
      }),
      'Required for a referral',
    ),
    parentalConsent: described(
      radios({
        label: 'Did they agree to the referral?',
        required: consentMessages.consentMissing,
        options: optionsOf(consentLabels),
      }),
      'Required for a referral',
    ),
    consentNotSoughtReason: described(
      textarea({
        label: 'If you did not ask them: why not?',
        hint: 'For example, asking would put the child at greater risk.',
        rows: 2,
        max: REASON_MAX,
        tooLong: `The reason must be ${formatCount(REASON_MAX)} characters or fewer`,
      }),
      'Required when parentalConsent is not_sought',
    ),
    parentsViews: textarea({
      label: 'What did they say? (optional)',
      rows: 2,
      max: TEXT_MAX,
      tooLong: `The parents’ views must be ${formatCount(TEXT_MAX)} characters or fewer`,
    }),
    // The page always asks it; an API client may leave it out, and the referral then records it as not asked.
    identityWithheld: described(
      radios({
        label: 'Must the family not be told who made this referral?',
        hint: 'Children’s social care usually tells the family who referred. Say yes if telling them could put the child, you or anyone else at risk.',
        required: identityMessages.professionalMissing,
        askedOnPage: true,
        options: [
          { value: 'yes', text: 'Yes, keep who referred from the family', reveals: ['identityWithheldReason'] },
          { value: 'no', text: 'No, the family may be told' },
        ],
      }),
      'For a referral: must the family not be told who made it? Left out, the referral records it as not asked',
    ),
    identityWithheldReason: described(
      textarea({
        label: 'Why must the family not be told?',
        hint: 'For example, the family would know the referral came from the child’s disclosure to you, or you fear for your own safety.',
        required: identityMessages.professionalReasonMissing,
        rows: 3,
        max: REASON_MAX,
        tooLong: `The reason must be ${formatCount(REASON_MAX)} characters or fewer`,
      }),
      'Required when identityWithheld is yes',
    ),
    // Informing the police and reporting FGM both ask for it: a field two options need is declared once, outside
    // them (a revealed field sits inside one option only); the domain keeps it only for those two.
    policeReference: text({
      label: 'Police reference (optional)',
      hint: 'If you informed the police, or FGM was reported to them.',
      max: TEXT_LIMITS.policeReference,
      tooLong: `The police reference must be ${formatCount(TEXT_LIMITS.policeReference)} characters or fewer`,
      width: 20,
    }),
    rationale: textarea({
      label: 'Why?',
      hint: 'Your reasons, including what you weighed up.',
      required: decisionMessages.rationaleMissing,
      max: TEXT_LIMITS.rationale,
      tooLong: `The reason for your decision must be ${formatCount(TEXT_LIMITS.rationale)} characters or fewer`,
    }),
  },
  load: async (ctx: StepContext): Promise<Loaded | undefined> => {
    const loaded = await work.load(ctx)
    return loaded === undefined ? undefined : { ...loaded, gate: await dslCompetency(ctx.tx, ctx.actor, ctx.today) }
  },
  intro: ({ gate }) => {
    const warning = trainingWarning(gate)
    return warning === undefined ? [] : [warning]
  },
  check: (input, { gate }, { today }) => {
    const valid = judged(input, today)
    return {
      ...(valid.ok ? {} : valid.error.fields),
      // The competency gate where the partnership has chosen to block: another DSL decides.
      ...(gate.kind === 'block' ? { kind: lapsedMessage } : {}),
    }
  },
  run: async ({ tx, now, today, actor, meta, deps }, input, { concern, state, gate }) => {
    const serviceUrl = deps.settings.serviceUrl
    const judgedInput = judged(input, today)
    // `check` has refused anything the domain refuses, and `conflict` a state the workflow does not allow.
    if (!judgedInput.ok) return err(judgedInput.error)
    const next = transition(state, 'decide')
    if (!next.ok) return next
    const { decision: valid, consent, identity } = judgedInput.value
    const kind = findDecisionKind(valid.kind)
    // A decision with lapsed DSL training is recorded with a warning, written with the decision.
    if (gate.kind === 'warn')
      await auditActor(tx, actor, meta, now, {
        action: 'training.competency_warning',
        subjectType: 'concern',
        subjectId: concern.id,
        reason: 'a DSL decision taken with lapsed DSL training',
        details: { lapsed: gate.lapsed, step: 'decideConcern' },
      })
    // Where each referral goes is settled before anything is written, so a refusal leaves nothing behind.
    const referrals: { child: { id: string; local_area_id: string }; la: { id: string; name: string } }[] = []
    if (kind.createsReferral) {
      const children = await tx
        .selectFrom('concern_child as cc')
        .innerJoin('child as ch', 'ch.id', 'cc.child_id')
        .select(['ch.id', 'ch.local_area_id'])
        .where('cc.concern_id', '=', concern.id)
        .execute()
      for (const child of children) {
        const la = await localAuthorityFor(tx, child.local_area_id)
        if (la === undefined) {
          return err(
            domainError(
              'REFERRAL.NO_LOCAL_AUTHORITY',
              'The child’s home area has no children’s social care in Together. Refer by phone and record that you did',
              // As the API has always answered it: a problem with the form as a whole.
              {
                form: 'The child’s home area has no children’s social care in Together. Refer by phone and record that you did',
              },
            ),
          )
        }
        referrals.push({ child, la })
      }
    }
    await insertConcernEvent(
      tx,
      actor,
      concern.id,
      {
        kind: 'decision',
        text: valid.rationale,
        decisionKind: kind.id,
        reviewOn: valid.reviewOn === undefined ? null : formatLocalDate(valid.reviewOn),
        details: JSON.stringify({
          policeReference: valid.policeReference,
          reportedOn: valid.reportedOn === undefined ? undefined : formatLocalDate(valid.reportedOn),
          // Kept with the decision as well as in the audit trail, so whoever reads the concern later sees it.
          trainingLapsed: gate.kind === 'warn' ? gate.lapsed : undefined,
        }),
      },
      now,
    )
    await tx
      .updateTable('concern')
      .set({ state: next.value, state_changed_at: now })
      .where('id', '=', concern.id)
      .execute()

    const referralIds: string[] = []
    const urgent =
      referrals.length === 0
        ? false
        : (
            await tx
              .selectFrom('concern')
              .select('immediate_danger')
              .where('id', '=', concern.id)
              .executeTakeFirstOrThrow()
          ).immediate_danger
    const agreed = consent
    for (const { child, la } of referrals) {
      const received = await receiveReferral(
        tx,
        {
          channel: 'dsl_decision',
          childId: child.id,
          fromOrganisationId: concern.organisationId,
          toOrganisation: { id: la.id, localAreaId: child.local_area_id },
          concernId: concern.id,
          referredBy: actor.userId,
          summary: `Referral from ${actor.organisationName} after concern ${concern.reference}: ${valid.rationale}`,
          sourceCode: defaultReferralSource(
            { organisationId: actor.organisationId, kind: actor.organisationKind, localAreaId: actor.localAreaId },
            { organisationId: la.id, localAreaId: child.local_area_id },
          ),
          details: agreed === undefined || agreed.parentsViews === '' ? {} : { parentsViews: agreed.parentsViews },
          immediateDanger: urgent,
          referrerName: actor.displayName,
          referrerContact: actor.email,
          referrerRelationship: 'Designated safeguarding lead',
          ...(identity === undefined
            ? {}
            : {
                identityWithheld: identity.withheld,
                identityWithheldReason: identity.reason === '' ? null : identity.reason,
                referrerAnonymous: identity.withheld === 'yes',
              }),
          parentsAware: agreed?.parentsAware ?? null,
          parentalConsent: agreed?.parentalConsent ?? null,
          consentNotSoughtReason: agreed?.consentNotSoughtReason ?? null,
          submittedFrom: 'dsl_decision',
          fromDescription: actor.organisationName,
        },
        today,
        now,
        serviceUrl,
      )
      referralIds.push(received.id)
    }
    // Early help is not the end of the record: it opens family help for the children (unless one is open).
    let familyHelpEpisodeId: string | undefined
    if (kind.id === 'early_help') {
      const children = await tx
        .selectFrom('concern_child')
        .select('child_id')
        .where('concern_id', '=', concern.id)
        .execute()
      const la = await localAuthorityFor(tx, concern.localAreaId)
      const opened = await openEpisodeInTransaction(
        tx,
        actor,
        {
          origin: 'dsl_early_help_decision',
          childIds: children.map((c) => c.child_id),
          level: 'early_help',
          requestSource: defaultReferralSource(
            { organisationId: actor.organisationId, kind: actor.organisationKind, localAreaId: actor.localAreaId },
            { organisationId: la?.id ?? '', localAreaId: concern.localAreaId },
          ),
          adults: [],
          openerRole: defaultPractitionerRole(actor.organisationKind),
          concernId: concern.id,
        },
        now,
        meta,
      )
      if (opened.ok) familyHelpEpisodeId = opened.value.id
    }
    // Any later decision is the review of a concern being monitored: its review date stops being due.
    await completeDeadline(tx, { type: 'concern', id: concern.id }, 'concern-monitor-review', now)
    if (kind.startsRule !== undefined) {
      const fixedDueOn = kind.dueOnField === undefined ? undefined : valid[kind.dueOnField]
      const recorded = await tx
        .selectFrom('concern')
        .select('created_at')
        .where('id', '=', concern.id)
        .executeTakeFirstOrThrow()
      await registerDeadline(
        tx,
        {
          localAreaId: concern.localAreaId,
          organisationId: concern.organisationId,
          assignedUserId: actor.userId,
          ruleId: kind.startsRule,
          subjectType: 'concern',
          subjectId: concern.id,
          title: `${kind.label} (concern ${concern.reference})`,
          startedOn: fixedDueOn === undefined ? todayInEngland(recorded.created_at) : today,
          ...(fixedDueOn === undefined ? {} : { fixedDueOn }),
        },
        now,
      )
    }
    if (kind.satisfiesRule !== undefined)
      await completeDeadline(tx, { type: 'concern', id: concern.id }, kind.satisfiesRule, now)

    // Not to a lead deciding on a concern they recorded themselves.
    if (concern.authorUserId !== actor.userId)
      await tellAuthor(
        tx,
        concern,
        {
          kind: 'concern.decided',
          subject: `Your concern ${concern.reference} has been reviewed`,
          body: `Your designated safeguarding lead has made a decision about concern ${concern.reference}. Thank you for reporting it.\n\nSee what happened in Together: ${serviceUrl}/concerns/mine`,
        },
        now,
      )
    return ok({ kind: kind.id, referralIds, ...(familyHelpEpisodeId === undefined ? {} : { familyHelpEpisodeId }) })
  },
  action: 'concern.decided',
  auditDetails: (out) => ({
    decision: out.kind,
    referralIds: out.referralIds,
    familyHelpEpisodeId: out.familyHelpEpisodeId,
  }),
  output: z.object({ kind: z.string(), referralIds: z.array(z.uuid()) }),
  done: (_out, params) => `/concerns/${params.id}?decided=1`,
})
