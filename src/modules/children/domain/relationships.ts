import { wordList } from '../../../platform/shared/wordList.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'

/** Adults related to the child or living with them: never another child's relationship to the child. */
const adultRelationships = {
  mother: 'Mother',
  father: 'Father',
  parent: 'Parent',
  step_parent: 'Step-parent',
  parents_partner: 'Parent’s partner',
  grandparent: 'Grandparent',
  carer: 'Carer (not a parent)',
  other_relative: 'Other relative',
  household_member: 'Lives in the household (not related)',
} as const

/** What one child may be to another, and the same seen from the other child (a sibling's sibling is a sibling). */
const siblingRelationships = {
  sibling: 'Brother or sister',
  half_sibling: 'Half-brother or half-sister',
  step_sibling: 'Step-brother or step-sister',
} as const

/**
 * How someone is related to a child. Who holds parental responsibility and who lives in the household are the
 * facts a referral needs (Working Together 2023 referral content; domain.md §3 "Referral content").
 */
const relationships = wordList({ ...adultRelationships, ...siblingRelationships })

export type RelationshipKindId = (typeof relationships.ids)[number]

/** Every relationship in the order pages offer them, adults first. */
export const relationshipKinds = relationships.ids.map((id) => ({ id, label: relationships.labels[id] }))

export const isRelationshipKind = relationships.is
export const relationshipLabel = relationships.labelOf

/** The same relationship seen from the other child. */
export const reciprocalSiblingKind = (id: RelationshipKindId): RelationshipKindId | undefined =>
  Object.hasOwn(siblingRelationships, id) ? id : undefined

export function checkRelationship(
  kind: string,
  toAChild: boolean,
): Result<RelationshipKindId, DomainError<'RELATIONSHIP.INVALID'>> {
  if (!isRelationshipKind(kind))
    return err(
      domainError('RELATIONSHIP.INVALID', 'Select how they are related to the child', {
        relationship: 'Select how they are related to the child',
      }),
    )
  if (toAChild && Object.hasOwn(adultRelationships, kind)) {
    return err(
      domainError('RELATIONSHIP.INVALID', 'For another child, choose brother or sister, half- or step-', {
        relationship: 'For another child, choose brother or sister, half- or step-',
      }),
    )
  }
  return ok(kind)
}
