import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { cleanName } from '../domain/child.js'
import { checkRelationship, reciprocalSiblingKind } from '../domain/relationships.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { childFacts } from '../queries/childAccess.js'
import { visibleChildren } from '../queries/searchChildren.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

export type RelationshipError = DomainError<'CHILD.NOT_FOUND' | 'RELATIONSHIP.INVALID'>

export type RelatedInput =
  | {
      readonly to: 'person'
      readonly givenName: string
      readonly familyName: string
      readonly dateOfBirth?: LocalDate | undefined
      readonly relationship: string
      readonly sameHousehold: boolean
    }
  | { readonly to: 'child'; readonly childId: string; readonly relationship: string; readonly sameHousehold: boolean }

/**
 * Records someone in the child's life: an adult (parent, carer, partner, household member) or another child
 * (a brother or sister, recorded both ways). Only people who may see the child may add to it.
 */
export async function addRelationship(
  deps: Deps,
  actor: Actor,
  childId: string,
  input: RelatedInput,
  meta: RequestMeta,
): Promise<Result<{ id: string }, RelationshipError>> {
  const now = deps.clock.now()
  // An id that is not a UUID names no child (and PostgreSQL would refuse to compare it with one).
  const facts = isUuid(childId) ? await childFacts(deps.db, childId, actor.userId) : undefined
  const decision = facts === undefined ? undefined : decide(actor, { kind: 'child.view', child: facts })
  if (facts === undefined || decision === undefined || !decision.allowed) {
    // The same answer as for a child who does not exist, and audited like a refused look at the record.
    await deps.db.transaction().execute((tx) =>
      appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'child.action_denied',
          subjectType: 'child',
          subjectId: childId.slice(0, 100),
          reason: decision?.reason ?? 'no such child',
          correlationId: meta.correlationId,
          details: { action: 'add_relationship' },
        },
        now,
      ),
    )
    return err(domainError('CHILD.NOT_FOUND', 'There is no such child'))
  }
  const kind = checkRelationship(input.relationship, input.to === 'child')
  if (!kind.ok) return err(kind.error)
  if (input.to === 'person') {
    const fields: Record<string, string> = {}
    const givenName = cleanName(input.givenName)
    const familyName = cleanName(input.familyName)
    if (givenName === '') fields.givenName = 'Enter their first name'
    if (familyName === '') fields.familyName = 'Enter their last name'
    if (givenName.length > 100 || familyName.length > 100) fields.givenName = 'Names must be 100 characters or fewer'
    if (Object.keys(fields).length > 0)
      return err(domainError('RELATIONSHIP.INVALID', 'Check the person’s details', fields))
    return deps.db.transaction().execute(async (tx) => {
      const personId = newId()
      await tx
        .insertInto('person')
        .values({
          id: personId,
          given_name: givenName,
          family_name: familyName,
          date_of_birth: input.dateOfBirth === undefined ? null : formatLocalDate(input.dateOfBirth),
          created_by: actor.userId,
          created_at: now,
        })
        .execute()
      const id = newId()
      await tx
        .insertInto('child_relationship')
        .values({
          id,
          child_id: childId,
          related_child_id: null,
          related_person_id: personId,
          relationship: kind.value,
          same_household: input.sameHousehold,
          created_by: actor.userId,
          created_at: now,
        })
        .execute()
      if (kind.value === 'mother')
        await tx
          .updateTable('child')
          .set({ mother_person_id: personId })
          .where('id', '=', childId)
          .where('mother_person_id', 'is', null)
          .execute()
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'child.relationship_added',
          subjectType: 'child',
          subjectId: childId,
          reason: decision.reason,
          correlationId: meta.correlationId,
          details: { relationship: kind.value, personId, sameHousehold: input.sameHousehold },
        },
        now,
      )
      return ok({ id })
    })
  }
  if (input.childId === childId || (await visibleChildren(deps.db, actor, [input.childId])).length !== 1) {
    return err(
      domainError('CHILD.NOT_FOUND', 'Choose the other child from the search results', {
        childId: 'Choose the other child from the search results',
      }),
    )
  }
  return deps.db.transaction().execute(async (tx) => {
    const id = newId()
    await tx
      .insertInto('child_relationship')
      .values({
        id,
        child_id: childId,
        related_child_id: input.childId,
        related_person_id: null,
        relationship: kind.value,
        same_household: input.sameHousehold,
        created_by: actor.userId,
        created_at: now,
      })
      .execute()
    const back = reciprocalSiblingKind(kind.value)
    if (back !== undefined) {
      await tx
        .insertInto('child_relationship')
        .values({
          id: newId(),
          child_id: input.childId,
          related_child_id: childId,
          related_person_id: null,
          relationship: back,
          same_household: input.sameHousehold,
          created_by: actor.userId,
          created_at: now,
        })
        .execute()
    }
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'child.relationship_added',
        subjectType: 'child',
        subjectId: childId,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { relationship: kind.value, relatedChildId: input.childId },
      },
      now,
    )
    return ok({ id })
  })
}

export interface RelatedPersonView {
  readonly name: string
  readonly relationship: string
  readonly sameHousehold: boolean
  readonly childId: string | null
  readonly dateOfBirth: string | null
}

/** The people around a child, for a viewer already allowed to see the child (the caller checks). */
export async function listRelationships(deps: Deps, childId: string): Promise<RelatedPersonView[]> {
  const rows = await deps.db
    .selectFrom('child_relationship as r')
    .leftJoin('person as p', 'p.id', 'r.related_person_id')
    .leftJoinLateral(childCurrentOf('r.related_child_id', 'c'), (j) => j.onTrue())
    .select([
      'r.relationship',
      'r.same_household',
      'r.related_child_id',
      'p.given_name as p_given',
      'p.family_name as p_family',
      'p.date_of_birth as p_dob',
      'c.given_name as c_given',
      'c.family_name as c_family',
      'c.date_of_birth as c_dob',
    ])
    .where('r.child_id', '=', childId)
    .orderBy('r.created_at')
    .execute()
  return rows.map((r) => ({
    name:
      r.related_child_id === null
        ? `${r.p_given ?? ''} ${r.p_family ?? ''}`.trim()
        : `${r.c_given ?? ''} ${r.c_family ?? ''}`.trim(),
    relationship: r.relationship,
    sameHousehold: r.same_household,
    childId: r.related_child_id,
    dateOfBirth: r.related_child_id === null ? r.p_dob : r.c_dob,
  }))
}
