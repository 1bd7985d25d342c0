import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { findDecisionKind, transition, validateDecision, type DecisionInput } from '../domain/workflow.js'
import {
  defaultReferralSource,
  validateConsent,
  validateIdentity,
  type ConsentInput,
  type IdentityInput,
} from '../../referrals/domain/referral.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { receiveReferral } from '../../referrals/steps/receiveReferral.js'
import { localAuthorityFor } from '../../referrals/queries/referralAccess.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { concernToActOn } from '../queries/concernAccess.js'
import { tellAuthor } from './tellAuthor.js'
import { dslCompetency } from '../../training/index.js'
import { defaultPractitionerRole, openEpisodeInTransaction } from '../../family-help/index.js'

export type DecideError = DomainError<
  | 'CONCERN.NOT_FOUND'
  | 'CONCERN.TRANSITION_NOT_ALLOWED'
  | 'CONCERN.DECISION_INVALID'
  | 'REFERRAL.NO_LOCAL_AUTHORITY'
  | 'TRAINING.DSL_LAPSED'
>

/**
 * The DSL's decision on a concern, with its rationale. Its consequences happen in the same transaction: a
 * referral to the children's social care of each child's home area (with the referral-decision clock), the
 * LADO clock, or the FGM report clock met. The author is told a decision was made (closing the loop). A referral
 * records whether the parents know and agreed, and why their agreement was not sought if it was not.
 */
export async function decideConcern(
  deps: Deps,
  actor: Actor,
  concernId: string,
  input: DecisionInput & {
    readonly consent?: ConsentInput | undefined
    /** Whether the family must not be told who referred: asked on the page; an API client may leave it out (not asked). */
    readonly identity?: IdentityInput | undefined
  },
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ kind: string; referralIds: string[]; familyHelpEpisodeId?: string }, DecideError>> {
  const now = deps.clock.now()
  const today = todayInEngland(now)
  const valid = validateDecision(input, today)
  // Parents' knowledge and consent are asked only when the decision is a referral.
  const refers = input.kind?.trim() === 'refer_to_childrens_social_care'
  const consent = refers ? validateConsent(input.consent ?? {}) : undefined
  const identity = refers && input.identity !== undefined ? validateIdentity(input.identity, 'professional') : undefined
  if (!valid.ok || (consent !== undefined && !consent.ok) || (identity !== undefined && !identity.ok)) {
    const fields = {
      ...(valid.ok ? {} : valid.error.fields),
      ...(consent === undefined || consent.ok ? {} : consent.error.fields),
      ...(identity === undefined || identity.ok ? {} : identity.error.fields),
    }
    return err(domainError('CONCERN.DECISION_INVALID', Object.values(fields)[0] ?? 'Check the decision', fields))
  }
  const kind = findDecisionKind(valid.value.kind)
  return deps.db
    .transaction()
    .execute(
      async (
        tx,
      ): Promise<Result<{ kind: string; referralIds: string[]; familyHelpEpisodeId?: string }, DecideError>> => {
        const allowed = await concernToActOn(
          tx,
          actor,
          concernId,
          'decide',
          (c) => ({ kind: 'concern.manage', concern: c.facts }),
          meta,
          now,
        )
        if (!allowed.ok) return allowed
        const { concern, state, reason } = allowed.value
        const next = transition(state, 'decide')
        if (!next.ok) return err(next.error)
        // The competency gate (issue 14): a decision with lapsed DSL training is recorded with a warning, or refused
        // where the partnership has chosen to block. The warning is written with the decision, in this transaction.
        const gate = await dslCompetency(tx, actor, today)
        if (gate.kind === 'block')
          return err(
            domainError(
              'TRAINING.DSL_LAPSED',
              `Your designated safeguarding lead training has lapsed (${gate.lapsed.join('; ')}). Your safeguarding partnership requires it to be current before you record a decision: ask another DSL to decide`,
              {
                kind: 'Your designated safeguarding lead training has lapsed: ask another DSL to record this decision',
              },
            ),
          )
        if (gate.kind === 'warn')
          await appendAudit(
            tx,
            {
              ...actorAudit(actor),
              action: 'training.competency_warning',
              subjectType: 'concern',
              subjectId: concern.id,
              reason: 'a DSL decision taken with lapsed DSL training',
              correlationId: meta.correlationId,
              details: { lapsed: gate.lapsed, step: 'decideConcern' },
            },
            now,
          )
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
                ),
              )
            }
            referrals.push({ child, la })
          }
        }
        await tx
          .insertInto('concern_event')
          .values({
            id: newId(),
            concern_id: concern.id,
            kind: 'decision',
            actor_user_id: actor.userId,
            actor_organisation_id: actor.organisationId,
            text: valid.value.rationale,
            decision_kind: kind.id,
            review_on: valid.value.reviewOn === undefined ? null : formatLocalDate(valid.value.reviewOn),
            details: JSON.stringify({
              policeReference: valid.value.policeReference,
              reportedOn: valid.value.reportedOn === undefined ? undefined : formatLocalDate(valid.value.reportedOn),
              // Kept with the decision as well as in the audit trail, so whoever reads the concern later sees it.
              trainingLapsed: gate.kind === 'warn' ? gate.lapsed : undefined,
            }),
            created_at: now,
          })
          .execute()
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
        const agreed = consent?.ok === true ? consent.value : undefined
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
              summary: `Referral from ${actor.organisationName} after concern ${concern.reference}: ${valid.value.rationale}`,
              sourceCode: defaultReferralSource(
                { organisationId: actor.organisationId, kind: actor.organisationKind, localAreaId: actor.localAreaId },
                { organisationId: la.id, localAreaId: child.local_area_id },
              ),
              details: agreed === undefined || agreed.parentsViews === '' ? {} : { parentsViews: agreed.parentsViews },
              immediateDanger: urgent,
              referrerName: actor.displayName,
              referrerContact: actor.email,
              referrerRelationship: 'Designated safeguarding lead',
              ...(identity?.ok === true
                ? {
                    identityWithheld: identity.value.withheld,
                    identityWithheldReason: identity.value.reason === '' ? null : identity.value.reason,
                    referrerAnonymous: identity.value.withheld === 'yes',
                  }
                : {}),
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
          const fixedDueOn = kind.dueOnField === undefined ? undefined : valid.value[kind.dueOnField]
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
        await appendAudit(
          tx,
          {
            ...actorAudit(actor),
            action: 'concern.decided',
            subjectType: 'concern',
            subjectId: concern.id,
            reason,
            correlationId: meta.correlationId,
            details: { decision: kind.id, referralIds, familyHelpEpisodeId },
          },
          now,
        )
        return ok({ kind: kind.id, referralIds, ...(familyHelpEpisodeId === undefined ? {} : { familyHelpEpisodeId }) })
      },
    )
}
