import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'

/**
 * How someone is related to a child. Who holds parental responsibility and who lives in the household are the
 * facts a referral needs (Working Together 2023 referral content; domain.md §3 "Referral content").
 */
export const relationshipKinds = [
  { id: 'mother', label: 'Mother', adult: true },
  { id: 'father', label: 'Father', adult: true },
  { id: 'parent', label: 'Parent', adult: true },
  { id: 'step_parent', label: 'Step-parent', adult: true },
  { id: 'parents_partner', label: 'Parent’s partner', adult: true },
  { id: 'grandparent', label: 'Grandparent', adult: true },
  { id: 'carer', label: 'Carer (not a parent)', adult: true },
  { id: 'other_relative', label: 'Other relative', adult: true },
  { id: 'household_member', label: 'Lives in the household (not related)', adult: true },
  { id: 'sibling', label: 'Brother or sister', adult: false },
  { id: 'half_sibling', label: 'Half-brother or half-sister', adult: false },
  { id: 'step_sibling', label: 'Step-brother or step-sister', adult: false },
] as const

export type RelationshipKindId = (typeof relationshipKinds)[number]['id']

export const isRelationshipKind = (value: string): value is RelationshipKindId =>
  relationshipKinds.some((k) => k.id === value)
export const relationshipLabel = (id: string): string => relationshipKinds.find((k) => k.id === id)?.label ?? id

/** The same relationship seen from the other child (a sibling's sibling is a sibling). */
export const reciprocalSiblingKind = (id: RelationshipKindId): RelationshipKindId | undefined =>
  id === 'sibling' || id === 'half_sibling' || id === 'step_sibling' ? id : undefined

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
  const found = relationshipKinds.find((k) => k.id === kind)
  if (toAChild && found?.adult === true) {
    return err(
      domainError('RELATIONSHIP.INVALID', 'For another child, choose brother or sister, half- or step-', {
        relationship: 'For another child, choose brother or sister, half- or step-',
      }),
    )
  }
  return ok(kind)
}
