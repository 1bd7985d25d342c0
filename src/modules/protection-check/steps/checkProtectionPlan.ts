import { sql } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { formatNhsNumber, postcodeDistrict } from '../../children/domain/identifiers.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { codeLabel, planCategories } from '../../protection/domain/codes.js'
import {
  isExactIdentity,
  sameName,
  validateProtectionCheck,
  type ProtectionCheckInput,
  type ProtectionCheckQuery,
} from '../domain/protectionCheck.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { enqueueNotification, notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { exactlyMatchingChildren } from '../queries/otherNames.js'
import {
  areaLocalAuthorities,
  type LocalAuthorityContact,
  type MatchedChild,
  type ProtectionCheckOutcome,
  type PlanFound,
} from '../queries/protectionCheckViews.js'

export interface ProtectionCheckRequest extends ProtectionCheckInput {
  /** The local area to check in; the checker's own area when not given (checks in another area are refused). */
  readonly localAreaId?: string | undefined
}

export interface ProtectionCheckResult extends ProtectionCheckOutcome {
  readonly id: string
  readonly checkedAt: Date
  readonly reason: string
  readonly searched: string
}

export type ProtectionCheckError = DomainError<'ACCESS.DENIED' | 'PROTECTION_CHECK.INVALID'>

/** The words for what was searched, for the result page and the local authority's list. */
export function describeQuery(query: Readonly<Record<string, unknown>>): string {
  if (query.by === 'nhs_number' && typeof query.nhsNumber === 'string')
    return `NHS number ${formatNhsNumber(query.nhsNumber)}`
  if (query.by === 'name_and_date_of_birth')
    return `${String(query.givenName ?? '')} ${String(query.familyName ?? '')}, born ${String(query.dateOfBirth ?? '')}`
  return 'Unknown'
}

const queryJson = (q: ProtectionCheckQuery): Record<string, string> =>
  q.by === 'nhs_number'
    ? { by: q.by, nhsNumber: q.nhsNumber }
    : { by: q.by, givenName: q.givenName, familyName: q.familyName, dateOfBirth: formatLocalDate(q.dateOfBirth) }

/**
 * A police officer or health safeguarding professional asks whether a child in their area has a current child
 * protection plan (as NHS CP-IS answers unscheduled care). The check looks across every child in the local area,
 * not only those the checker's organisation knows: that is its purpose. A plan is found only for a child whose
 * identity matches exactly (isExactIdentity), and the answer names that child (name, date of birth, postcode
 * district) so the checker can confirm it is the child in front of them; otherwise it reveals only the plan's
 * start date and category, and whom to call. The answer when no plan is found is the same whether the child is
 * unknown, known without a plan, or a near miss of another child. The check, its audit entry and the emails telling the local authority are written
 * in one transaction.
 */
export async function checkProtectionPlan(
  deps: Deps,
  actor: Actor,
  request: ProtectionCheckRequest,
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<ProtectionCheckResult, ProtectionCheckError>> {
  const now = deps.clock.now()
  const localAreaId =
    request.localAreaId === undefined || request.localAreaId === '' ? actor.localAreaId : request.localAreaId
  const decision = decide(actor, { kind: 'protection.check', localAreaId })
  if (!decision.allowed) {
    await deps.db.transaction().execute((tx) =>
      appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'protection.check_denied',
          subjectType: 'local_area',
          subjectId: localAreaId.slice(0, 100),
          reason: decision.reason,
          correlationId: meta.correlationId,
        },
        now,
      ),
    )
    return err(domainError('ACCESS.DENIED', decision.reason))
  }
  // Checked against the policy above, so a made-up area id never reaches the database.
  if (!isUuid(localAreaId)) return err(domainError('ACCESS.DENIED', 'checks are for children in your own local area'))
  const valid = validateProtectionCheck(request, todayInEngland(now))
  if (!valid.ok) return err(valid.error)
  const { query, reason } = valid.value

  return deps.db.transaction().execute(async (tx) => {
    // Only exact matches (exactlyMatchingChildren), and only children born: the answer names a date of birth.
    const matched = new Map<string, MatchedChild>()
    for (const c of await exactlyMatchingChildren(tx, localAreaId, query)) {
      const { otherNames } = c
      if (c.date_of_birth === null) continue
      const candidate = {
        givenName: c.given_name,
        familyName: c.family_name,
        otherNames: [],
        dateOfBirth: c.date_of_birth,
        nhsNumber: c.nhs_number,
      }
      // Say which other recorded name matched, when the check did not match the child's recorded name.
      const other =
        query.by === 'nhs_number' || isExactIdentity(query, candidate)
          ? undefined
          : otherNames.find((n) => sameName(n.givenName, query.givenName) && sameName(n.familyName, query.familyName))
      matched.set(c.id, {
        name: `${c.given_name} ${c.family_name}`,
        dateOfBirth: c.date_of_birth,
        postcodeDistrict: c.postcode === null ? null : (postcodeDistrict(c.postcode) ?? null),
        matchedOtherName: other === undefined ? null : `${other.givenName} ${other.familyName}`,
      })
    }
    const childIds = [...matched.keys()]

    const planRows =
      childIds.length === 0
        ? []
        : await tx
            .selectFrom('child_protection_plan as p')
            .innerJoin('episode as e', 'e.id', 'p.episode_id')
            .innerJoin('organisation as la', 'la.id', 'e.local_authority_id')
            .leftJoin('app_user as lead', (j) => j.on(sql<boolean>`lead.id = coalesce(p.lead_user_id, e.lead_user_id)`))
            .select([
              'p.child_id',
              'p.started_on',
              'p.latest_category',
              'la.id as la_id',
              'la.name as la_name',
              'la.contact_phone',
              'la.contact_email',
              'lead.display_name as lead_name',
            ])
            .where('p.child_id', 'in', childIds)
            .where('p.ended_on', 'is', null)
            .orderBy('p.started_on')
            .execute()
    const plans: PlanFound[] = planRows.map((p) => ({
      child: matched.get(p.child_id) ?? null,
      startedOn: p.started_on,
      category: p.latest_category,
      categoryLabel: codeLabel(planCategories, p.latest_category),
      leadPractitioner: p.lead_name,
      localAuthority: { id: p.la_id, name: p.la_name, phone: p.contact_phone, email: p.contact_email },
    }))
    const areaContacts: LocalAuthorityContact[] = await areaLocalAuthorities(tx, localAreaId)
    const notified = [
      ...new Set(plans.length > 0 ? plans.map((p) => p.localAuthority.id) : areaContacts.map((a) => a.id)),
    ]
    const outcome: ProtectionCheckOutcome = { planFound: plans.length > 0, plans, areaContacts }

    const id = newId()
    await tx
      .insertInto('protection_check')
      .values({
        id,
        // Only a child with a plan is named in the record: the local authority that holds the plan may know who
        // was checked; nobody learns from this table that a child without a plan is known to Together.
        child_id: planRows[0]?.child_id ?? null,
        checked_by: actor.userId,
        organisation_id: actor.organisationId,
        local_area_id: localAreaId,
        query: JSON.stringify(queryJson(query)),
        found_plan: plans.length > 0,
        reason,
        checked_at: now,
        outcome: JSON.stringify(outcome),
        notified_organisation_ids: notified,
      })
      .execute()

    const when = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      dateStyle: 'long',
      timeStyle: 'short',
    }).format(now)
    const subject = `Child protection plan check by ${actor.organisationName}`
    // No child's name, identifier or the free-text reason in an email: the details are in Together.
    const body =
      `${actor.displayName} (${actor.organisationName}) checked on ${when} whether a child has a child protection plan.\n\n` +
      `Result: ${plans.length > 0 ? 'a current child protection plan was found and your contact details were given' : 'no current child protection plan was found'}.\n\n` +
      `See the check and the reason given in Together: ${serviceUrl}/protection-checks`
    // One email per local authority for each check: to its front door's shared mailbox, which is read by whoever is
    // on duty; only when it has none, to each person at its front door. (Each front door worker, team manager and
    // the mailbox used to get a copy: three emails for one check.)
    for (const laId of notified) {
      const contact =
        areaContacts.find((a) => a.id === laId)?.email ??
        plans.find((p) => p.localAuthority.id === laId)?.localAuthority.email ??
        null
      const told = { kind: 'protection.checked', subject, body, relatedType: 'protection_check', relatedId: id }
      if (contact !== null && contact !== '')
        await enqueueNotification(tx, { ...told, organisationId: laId, recipient: contact }, now)
      else await notifyOrganisationRoles(tx, { ...told, organisationId: laId, roles: ['front_door'] }, now)
    }

    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'protection.checked',
        subjectType: planRows[0] === undefined ? 'protection_check' : 'child',
        subjectId: planRows[0]?.child_id ?? id,
        reason: `${decision.reason}: ${reason}`.slice(0, 2000),
        correlationId: meta.correlationId,
        details: { checkId: id, by: query.by, foundPlan: plans.length > 0, notified },
      },
      now,
    )
    return ok({ id, checkedAt: now, reason, searched: describeQuery(queryJson(query)), ...outcome })
  })
}
