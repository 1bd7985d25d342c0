import { CONCERN_LEAD_ROLES } from '../domain/workflow.js'
import { sql, type Kysely, type Transaction } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { validateNewConcern, type NewConcernInput } from '../domain/concern.js'
import { fgmMandatoryDutyApplies } from '../domain/fgmDuty.js'
import { ageOn, childStatus } from '../../children/domain/child.js'
import { parseLocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit, auditRow } from '../../../platform/audit/auditLog.js'
import type { DB } from '../../../platform/db/schema.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { oneLine, organisationRolesOutboxInsert } from '../../notifications/steps/enqueueNotification.js'
import { registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { visibleChildren } from '../../children/queries/searchChildren.js'
import { noticeRepeatedConcerns } from './repeatedConcerns.js'
import { lockOwnDraft } from './concernDrafts.js'

export type RecordConcernError = DomainError<
  'CONCERN.INVALID' | 'CHILD.NOT_FOUND' | 'ACCESS.DENIED' | 'CONCERN.ALREADY_SUBMITTED'
>

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
  serviceUrl = deps.settings.serviceUrl,
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
      appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'concern.record_denied',
          subjectType: 'organisation',
          subjectId: actor.organisationId,
          reason: 'named a child the organisation is not involved with',
          correlationId: meta.correlationId,
          details: { childIds: concern.childIds },
        },
        now,
      ),
    )
    return err(
      domainError('CHILD.NOT_FOUND', 'Choose the child from the search results', {
        children: 'Choose the child from the search results',
      }),
    )
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

  const id = newId()
  const link = `${serviceUrl}/concerns/${id}`
  // The reference comes from a sequence inside the statement; `format` puts it into the messages (%1$s), so
  // anything else in them that looks like a format code is escaped first.
  const literal = (text: string) => text.replaceAll('%', '%%')
  const subject = concern.immediateDanger
    ? `URGENT: child in immediate danger – concern %1$s`
    : `New safeguarding concern %1$s`
  const body = [
    concern.immediateDanger
      ? 'A concern has been recorded about a child in immediate danger. Act on it now.'
      : 'A new safeguarding concern has been recorded in your organisation.',
    '',
    'Reference: %1$s',
    `Recorded by: ${literal(actor.displayName)}`,
    '',
    `Read it in Together: ${literal(link)}`,
  ].join('\n')
  const childIds = children.map((c) => c.id)
  const audit = auditRow(
    {
      ...actorAudit(actor),
      action: 'concern.recorded',
      subjectType: 'concern',
      subjectId: id,
      reason: decision.reason,
      correlationId: meta.correlationId,
      // The draft it was written in, so that Back to a page of a sent draft can point to the concern.
      details: {
        childIds,
        immediateDanger: concern.immediateDanger,
        fgmDuty,
        ...(draftId === undefined ? {} : { draftId }),
      },
    },
    now,
  )
  // Everything the concern changes, in ONE statement (and so one transaction, and one round trip): the
  // concern and its children, the organisation's involvement, the draft it was written in, the emails to the
  // organisation's safeguarding leads (the transactional outbox) and the audit entry. Data-modifying CTEs all
  // run, whether or not the final SELECT reads them; foreign keys are checked at the end of the statement.
  const write = sql<{ reference: string; notified: number }>`
    WITH ref AS (
      SELECT ${`C-${today.year}-`} || lpad(nextval('concern_reference_seq')::text, 6, '0') AS reference
    ), recorded AS (
      INSERT INTO concern (id, reference, organisation_id, local_area_id, author_user_id, observed_at, place, facts, child_words, others_present,
        categories, other_category, immediate_danger, police_called_at, police_reference, action_taken, body_map, fgm_known, fgm_duty, created_at, state, state_changed_at)
      SELECT ${id}, ref.reference, ${actor.organisationId}, ${actor.localAreaId}, ${actor.userId}, ${new Date(concern.observedAtMs)}, ${concern.place}, ${concern.facts},
        ${concern.childWords}, ${concern.othersPresent}, ${sql.val([...concern.categories])}::text[], ${concern.otherCategory ?? null}, ${concern.immediateDanger},
        ${concern.policeCalledAtMs === undefined ? null : new Date(concern.policeCalledAtMs)}, ${concern.policeReference ?? null}, ${concern.actionTaken},
        ${JSON.stringify(concern.bodyMap)}::jsonb, ${concern.fgmKnown}, ${fgmDuty}, ${now}, 'new', ${now}
      FROM ref
      RETURNING reference
    ), about AS (
      INSERT INTO concern_child (concern_id, child_id) SELECT ${id}, unnest(${sql.val(childIds)}::uuid[])
    ), involved AS (
      INSERT INTO involvement (child_id, organisation_id, reason, since) SELECT unnest(${sql.val(childIds)}::uuid[]), ${actor.organisationId}, 'recorded_concern', ${now}
      ON CONFLICT DO NOTHING
    ), sent AS (
      DELETE FROM concern_draft WHERE id = ${draftId ?? null} AND user_id = ${actor.userId}
    ), told AS (${organisationRolesOutboxInsert(
      {
        organisationId: actor.organisationId,
        roles: CONCERN_LEAD_ROLES,
        kind: concern.immediateDanger ? 'concern.urgent' : 'concern.new',
        relatedType: 'concern',
        relatedId: id,
      },
      // No child's name in email: it may be read on a shared or personal device.
      sql<string>`format(${oneLine(subject)}, (SELECT reference FROM ref))`,
      sql<string>`format(${body}, (SELECT reference FROM ref))`,
      now,
    )}), audited AS (
      INSERT INTO audit_event (occurred_at, actor_user_id, actor_organisation_id, actor_roles, action, subject_type, subject_id, reason, correlation_id, details)
      VALUES (${audit.occurred_at}, ${audit.actor_user_id}, ${audit.actor_organisation_id}, ${sql.val(audit.actor_roles)}::text[], ${audit.action}, ${audit.subject_type},
        ${audit.subject_id}, ${audit.reason}, ${audit.correlation_id},
        ${audit.details}::jsonb || jsonb_build_object('reference', (SELECT reference FROM ref), 'dslsNotified', (SELECT count(*) FROM told)))
    )
    SELECT reference, (SELECT count(*) FROM told)::int AS notified FROM recorded`
  const recorded = async (q: Kysely<DB> | Transaction<DB>) => {
    const row = (await write.execute(q)).rows[0]
    if (row === undefined) throw new Error('recording a concern returned nothing')
    return { reference: row.reference, dslsNotified: Number(row.notified) }
  }
  // One transaction: the concern (one statement), the FGM clock when it applies, and whether the concerns about
  // each child now cross the partnership's repeated-concerns threshold (told once, with the concern that crossed it).
  return deps.db.transaction().execute(async (tx) => {
    // The draft is read before this transaction, so copies of the check page sent at once all found it and each
    // recorded the concern (and told the DSLs) again. Locked here, a copy waits for the first to commit, then
    // finds the draft gone and records nothing.
    if (draftId !== undefined) {
      if ((await lockOwnDraft(tx, draftId, actor.userId)) === undefined)
        return err(domainError('CONCERN.ALREADY_SUBMITTED', 'This concern has already been sent'))
    }
    const { reference, dslsNotified } = await recorded(tx)
    // Known FGM also starts the police-report clock.
    if (fgmDuty)
      await registerDeadline(
        tx,
        {
          localAreaId: actor.localAreaId,
          organisationId: actor.organisationId,
          assignedUserId: actor.userId,
          ruleId: 'fgm-police-report',
          subjectType: 'concern',
          subjectId: id,
          title: `Report known FGM to the police (concern ${reference})`,
          startedOn: today,
        },
        now,
      )
    await noticeRepeatedConcerns(tx, actor, id, childIds, now, meta, serviceUrl)
    return ok({ id, reference, fgmDuty, dslsNotified })
  })
}
