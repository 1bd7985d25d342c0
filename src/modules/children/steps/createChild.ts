import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { validateNewChild, type NewChildInput } from '../domain/child.js'
import { searchName, trigramSimilarity } from '../domain/nameMatching.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'

export type CreateChildError = DomainError<'CHILD.INVALID' | 'CHILD.IDENTIFIER_CONFLICT' | 'ACCESS.DENIED'>

/**
 * Creates a child record (after the person has searched and seen the likely matches). If the NHS number or UPN
 * already belongs to a record with the same name and date of birth, that record is used instead of making a
 * duplicate; if it belongs to a different child, the number is refused without saying whose it is.
 */
export async function createChild(
  deps: Deps,
  actor: Actor,
  input: NewChildInput,
  meta: RequestMeta,
): Promise<Result<{ id: string; existing: boolean }, CreateChildError>> {
  const decision = decide(actor, { kind: 'child.create' })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const now = deps.clock.now()
  const valid = validateNewChild(input, todayInEngland(now))
  if (!valid.ok) return err(valid.error)
  const child = valid.value
  const name = searchName(child.givenName, child.familyName)
  const dob = child.dateOfBirth === undefined ? null : formatLocalDate(child.dateOfBirth)
  return deps.db
    .transaction()
    .execute(async (tx): Promise<Result<{ id: string; existing: boolean }, CreateChildError>> => {
      for (const [column, value, label] of [
        ['nhs_number', child.nhsNumber, 'NHS number'],
        ['upn', child.upn, 'UPN'],
      ] as const) {
        if (value === undefined) continue
        // As the child is known now: an identifier corrected onto another record is found here.
        const same = await tx
          .selectFrom('child_current')
          .select(['id', 'search_name', 'date_of_birth'])
          .where(column, '=', value)
          .executeTakeFirst()
        // An NHS number corrected away from another child's first record stays on that record (and its unique
        // index): it is refused below as belonging to another record rather than failing the insert.
        const retired =
          same === undefined && column === 'nhs_number'
            ? await tx.selectFrom('child').select('id').where('nhs_number', '=', value).executeTakeFirst()
            : undefined
        if (same === undefined && retired === undefined) continue
        if (same !== undefined && same.date_of_birth === dob && trigramSimilarity(same.search_name, name) >= 0.5) {
          await tx
            .insertInto('involvement')
            .values({
              child_id: same.id,
              organisation_id: actor.organisationId,
              reason: 'identified_child',
              since: now,
            })
            .onConflict((oc) => oc.doNothing())
            .execute()
          await appendAudit(
            tx,
            {
              ...actorAudit(actor),
              action: 'child.matched_existing',
              subjectType: 'child',
              subjectId: same.id,
              reason: `${label} matched an existing record with the same name and date of birth`,
              correlationId: meta.correlationId,
            },
            now,
          )
          return ok({ id: same.id, existing: true })
        }
        const field = column === 'nhs_number' ? 'nhsNumber' : 'upn'
        await appendAudit(
          tx,
          {
            ...actorAudit(actor),
            action: 'child.identifier_conflict',
            subjectType: 'organisation',
            subjectId: actor.organisationId,
            reason: `${label} belongs to another record`,
            correlationId: meta.correlationId,
          },
          now,
        )
        return err(
          domainError(
            'CHILD.IDENTIFIER_CONFLICT',
            `This ${label} is already recorded for a different child. Check the number`,
            { [field]: `This ${label} is already recorded for a different child. Check the number` },
          ),
        )
      }
      const id = newId()
      await tx
        .insertInto('child')
        .values({
          id,
          local_area_id: actor.localAreaId,
          given_name: child.givenName,
          family_name: child.familyName,
          search_name: name,
          date_of_birth: dob,
          expected_date_of_delivery:
            child.expectedDateOfDelivery === undefined ? null : formatLocalDate(child.expectedDateOfDelivery),
          sex: child.sex,
          nhs_number: child.nhsNumber ?? null,
          upn: child.upn ?? null,
          postcode: child.postcode ?? null,
          mother_person_id: null,
          created_by: actor.userId,
          created_by_organisation_id: actor.organisationId,
          created_at: now,
        })
        .execute()
      await tx
        .insertInto('involvement')
        .values({ child_id: id, organisation_id: actor.organisationId, reason: 'created_record', since: now })
        .execute()
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'child.created',
          subjectType: 'child',
          subjectId: id,
          reason: decision.reason,
          correlationId: meta.correlationId,
        },
        now,
      )
      return ok({ id, existing: false })
    })
}
