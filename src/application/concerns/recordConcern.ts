import { CONCERN_LEAD_ROLES } from '../../domain/concerns/workflow.js'
import { sql } from 'kysely'
import { decide } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/people/actor.js'
import { validateNewConcern, type NewConcernInput } from '../../domain/concerns/concern.js'
import { fgmMandatoryDutyApplies } from '../../domain/concerns/fgmDuty.js'
import { ageOn, childStatus } from '../../domain/children/child.js'
import { parseLocalDate } from '../../domain/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../domain/shared/result.js'
import { appendAudit } from '../../infrastructure/audit/auditLog.js'
import { newId } from '../../infrastructure/security/secrets.js'
import { actorAudit } from '../auth/loadActor.js'
import type { Deps, RequestMeta } from '../context.js'
import { notifyOrganisationRoles } from '../notifications/enqueueNotification.js'
import { registerDeadline } from '../timescales/registerDeadline.js'
import { todayInEngland } from '../timescales/partnershipClock.js'
import { visibleChildren } from '../children/searchChildren.js'

export type RecordConcernError = DomainError<'CONCERN.INVALID' | 'CHILD.NOT_FOUND' | 'ACCESS.DENIED'>

export interface RecordedConcern {
  readonly id: string
  readonly reference: string
  readonly fgmDuty: boolean
  readonly dslsNotified: number
}

/**
 * Records a concern. Saved means durable: the reference is returned only after the transaction that holds the
 * concern, its children, the organisation's involvement, the audit entry, any statutory clock and the emails
 * to the DSLs has committed. Nothing about the concern is ever edited afterwards; corrections are addenda.
 */
export async function recordConcern(
  deps: Deps,
  actor: Actor,
  input: NewConcernInput,
  meta: RequestMeta,
  serviceUrl = '',
  /** The draft this concern was written in: removed in the same transaction, so it cannot be sent twice. */
  draftId?: string,
): Promise<Result<RecordedConcern, RecordConcernError>> {
  const decision = decide(actor, { kind: 'concern.record' })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const now = deps.clock.now()
  const valid = validateNewConcern(input, now.getTime())
  if (!valid.ok) return err(valid.error)
  const concern = valid.value
  // Only children the actor could have found (or just created) may be named: ids are not a way in.
  const children = await visibleChildren(deps.db, actor, concern.childIds)
  if (children.length !== concern.childIds.length) {
    await deps.db.transaction().execute((tx) =>
      appendAudit(tx, { ...actorAudit(actor), action: 'concern.record_denied', subjectType: 'organisation', subjectId: actor.organisationId, reason: 'named a child the organisation is not involved with', correlationId: meta.correlationId, details: { childIds: concern.childIds } }, now),
    )
    return err(domainError('CHILD.NOT_FOUND', 'Choose the child from the search results', { children: 'Choose the child from the search results' }))
  }
  const today = todayInEngland(now)
  // An 18th birthday closes child-level workflows: concerns about an adult go to adult safeguarding.
  const adult = children.find((c) => {
    const dob = c.date_of_birth === null ? undefined : parseLocalDate(c.date_of_birth)
    return dob?.ok === true && childStatus({ dateOfBirth: dob.value }, today) === 'adult'
  })
  if (adult !== undefined) {
    const message = `${adult.given_name} ${adult.family_name} is now 18 or over. Follow your organisation’s adult safeguarding procedures instead`
    return err(domainError('CONCERN.INVALID', message, { children: message }))
  }
  const fgmDuty = children.some((c) => {
    const dob = c.date_of_birth === null ? undefined : parseLocalDate(c.date_of_birth)
    return (
      dob?.ok === true &&
      fgmMandatoryDutyApplies({
        categories: concern.categories,
        fgmKnown: concern.fgmKnown,
        childSex: c.sex,
        childAgeYears: ageOn(dob.value, today),
        reporterRoles: actor.roles,
        reporterOrganisationKind: actor.organisationKind,
      })
    )
  })

  return deps.db.transaction().execute(async (tx): Promise<Result<RecordedConcern, RecordConcernError>> => {
    const seq = await sql<{ n: string }>`SELECT nextval('concern_reference_seq') AS n`.execute(tx)
    const reference = `C-${today.year}-${String(seq.rows[0]?.n ?? '0').padStart(6, '0')}`
    const id = newId()
    await tx
      .insertInto('concern')
      .values({
        id,
        reference,
        organisation_id: actor.organisationId,
        local_area_id: actor.localAreaId,
        author_user_id: actor.userId,
        observed_at: new Date(concern.observedAtMs),
        place: concern.place,
        facts: concern.facts,
        child_words: concern.childWords,
        others_present: concern.othersPresent,
        categories: [...concern.categories],
        other_category: concern.otherCategory ?? null,
        immediate_danger: concern.immediateDanger,
        police_called_at: concern.policeCalledAtMs === undefined ? null : new Date(concern.policeCalledAtMs),
        police_reference: concern.policeReference ?? null,
        action_taken: concern.actionTaken,
        body_map: JSON.stringify(concern.bodyMap),
        fgm_known: concern.fgmKnown,
        fgm_duty: fgmDuty,
        created_at: now,
        state: 'new',
        state_changed_at: now,
      })
      .execute()
    for (const c of children) {
      await tx.insertInto('concern_child').values({ concern_id: id, child_id: c.id }).execute()
      await tx.insertInto('involvement').values({ child_id: c.id, organisation_id: actor.organisationId, reason: 'recorded_concern', since: now }).onConflict((oc) => oc.doNothing()).execute()
    }
    if (fgmDuty) {
      await registerDeadline(
        tx,
        { localAreaId: actor.localAreaId, organisationId: actor.organisationId, assignedUserId: actor.userId, ruleId: 'fgm-police-report', subjectType: 'concern', subjectId: id, title: `Report known FGM to the police (concern ${reference})`, startedOn: today },
        now,
      )
    }
    if (draftId !== undefined) await tx.deleteFrom('concern_draft').where('id', '=', draftId).where('user_id', '=', actor.userId).execute()
    const link = `${serviceUrl}/concerns/${id}`
    const dslsNotified = await notifyOrganisationRoles(
      tx,
      {
        organisationId: actor.organisationId,
        roles: CONCERN_LEAD_ROLES,
        kind: concern.immediateDanger ? 'concern.urgent' : 'concern.new',
        // No child's name in email: it may be read on a shared or personal device.
        subject: concern.immediateDanger ? `URGENT: child in immediate danger – concern ${reference}` : `New safeguarding concern ${reference}`,
        body: [
          concern.immediateDanger ? 'A concern has been recorded about a child in immediate danger. Act on it now.' : 'A new safeguarding concern has been recorded in your organisation.',
          '',
          `Reference: ${reference}`,
          `Recorded by: ${actor.displayName}`,
          '',
          `Read it in Together: ${link}`,
        ].join('\n'),
        relatedType: 'concern',
        relatedId: id,
      },
      now,
    )
    await appendAudit(tx, { ...actorAudit(actor), action: 'concern.recorded', subjectType: 'concern', subjectId: id, reason: decision.reason, correlationId: meta.correlationId, details: { reference, childIds: children.map((c) => c.id), immediateDanger: concern.immediateDanger, fgmDuty, dslsNotified } }, now)
    return ok({ id, reference, fgmDuty, dslsNotified })
  })
}
