import { z } from 'zod'
import { decide } from '../../access/domain/policy.js'
import { cleanName } from '../domain/child.js'
import { checkRelationship, reciprocalSiblingKind } from '../domain/relationships.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import type { Deps } from '../../../platform/context.js'
import { date, yesNo, type FieldSpec } from '../../../platform/forms/fields.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { lockedChildWithFacts } from '../queries/childAccess.js'
import { visibleChildren } from '../queries/searchChildren.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'

/** The child page's people form sends blanks as nothing; names and the relationship are judged here. */
const given = (label: string, max: number): FieldSpec => ({
  kind: 'text',
  label,
  optional: true,
  max,
  schema: z.string().max(max).optional(),
})

/** What is wrong with the answers, the first problem only: the child's page shows one message for its form. */
function problem(input: Record<string, unknown>): Record<string, string> {
  const toAChild = input.otherChildId !== undefined
  const kind = checkRelationship((input.relationship as string | undefined) ?? '', toAChild)
  if (!kind.ok) return kind.error.fields ?? { relationship: kind.error.message }
  if (toAChild) return {}
  const givenName = cleanName((input.givenName as string | undefined) ?? '')
  const familyName = cleanName((input.familyName as string | undefined) ?? '')
  if (givenName === '') return { givenName: 'Enter their first name' }
  if (familyName === '') return { familyName: 'Enter their last name' }
  if (givenName.length > 100 || familyName.length > 100) return { givenName: 'Names must be 100 characters or fewer' }
  return {}
}

/** The keys the child's page knows for its one message (concerns/pages/routes.ts, peopleErrors). */
const pageErrorKey: Readonly<Record<string, string>> = { personDob: 'date', otherChildId: 'childId' }

/**
 * Records someone in the child's life, from the form on the child's page: an adult (parent, carer, partner,
 * household member) or another child (a brother or sister, recorded both ways). Only people who may see the
 * child may add to it; anyone else is told there is no such child, audited. Answers refused go back to the
 * child's page, which says what to put right.
 */
export const addRelationship = defineStep({
  operationId: 'addRelationship',
  module: 'children',
  path: '/children/:id/people',
  formPath: null,
  mount: 'page',
  title: 'Add a person in the child’s life',
  submitText: 'Add person',
  fields: {
    givenName: given('First name', 1000),
    familyName: given('Last name', 1000),
    personDob: date({ label: 'Date of birth (optional)' }),
    relationship: given('How they are related to the child', 50),
    sameHousehold: yesNo({ label: 'They live in the same household' }),
    otherChildId: {
      kind: 'hidden',
      label: 'The other child',
      optional: true,
      schema: z.uuid({ error: 'Choose the other child from the search results' }).optional(),
    },
  },
  load: async ({ tx, params, actor, now }) => lockedChildWithFacts(tx, params.id!, actor.userId, now),
  access: (actor, l) => {
    const d = decide(actor, { kind: 'child.view', child: l.facts })
    return d.allowed ? d : { ...d, visible: false }
  },
  check: (input) => problem(input),
  run: async ({ tx, actor, now }, input, { child }) => {
    const kind = checkRelationship(input.relationship as string, input.otherChildId !== undefined)
    if (!kind.ok) return kind
    const sameHousehold = input.sameHousehold === true
    const otherChildId = input.otherChildId as string | undefined
    // One row of the child's relationships: to another child or to a person, never both.
    const relate = (childId: string, to: { childId: string } | { personId: string }, relationship: string) =>
      insertWithNewId(tx, 'child_relationship', {
        child_id: childId,
        related_child_id: 'childId' in to ? to.childId : null,
        related_person_id: 'personId' in to ? to.personId : null,
        relationship,
        same_household: sameHousehold,
        created_by: actor.userId,
        created_at: now,
      })
    if (otherChildId === undefined) {
      const personId = await insertWithNewId(tx, 'person', {
        given_name: cleanName(input.givenName as string),
        family_name: cleanName(input.familyName as string),
        date_of_birth: input.personDob === undefined ? null : formatLocalDate(input.personDob as LocalDate),
        created_by: actor.userId,
        created_at: now,
      })
      const id = await relate(child.id, { personId }, kind.value)
      if (kind.value === 'mother')
        await tx
          .updateTable('child')
          .set({ mother_person_id: personId })
          .where('id', '=', child.id)
          .where('mother_person_id', 'is', null)
          .execute()
      return ok({ id, relationship: kind.value, sameHousehold, personId })
    }
    if (otherChildId === child.id || (await visibleChildren(tx, actor, [otherChildId])).length !== 1)
      return err(
        domainError('CHILD.NOT_FOUND', 'Choose the other child from the search results', {
          otherChildId: 'Choose the other child from the search results',
        }),
      )
    const id = await relate(child.id, { childId: otherChildId }, kind.value)
    const back = reciprocalSiblingKind(kind.value)
    if (back !== undefined) await relate(otherChildId, { childId: child.id }, back)
    return ok({ id, relationship: kind.value, sameHousehold, relatedChildId: otherChildId })
  },
  subject: ({ child }) => ({ type: 'child', id: child.id }),
  action: 'child.relationship_added',
  auditDetails: (o) =>
    o.personId === undefined
      ? { relationship: o.relationship, relatedChildId: o.relatedChildId }
      : { relationship: o.relationship, personId: o.personId, sameHousehold: o.sameHousehold },
  output: z.object({
    id: z.uuid(),
    relationship: z.string(),
    sameHousehold: z.boolean(),
    personId: z.uuid().optional(),
    relatedChildId: z.uuid().optional(),
  }),
  done: (_o, params) => `/children/${params.id}#people`,
  redirects: (code, params, on, fields) => {
    if (code !== 'STEP.INVALID' || on !== 'sent') return undefined
    const first = Object.keys(fields ?? {})[0] ?? 'relationship'
    return `/children/${params.id}?peopleError=${encodeURIComponent(pageErrorKey[first] ?? first)}#people`
  },
})

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
