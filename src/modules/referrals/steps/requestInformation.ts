import type { Actor } from '../../../platform/identity/actor.js'
import { agencyLeadRoles } from '../../access/domain/policy.js'
import { validateQuestion } from '../domain/referral.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { frontDoorStep, referralForStep, type FrontDoorAccessError } from '../queries/frontDoorAccess.js'

export type RequestInformationError =
  FrontDoorAccessError | DomainError<'REFERRAL.INVALID' | 'REFERRAL.ALREADY_DECIDED'>

/** Every other organisation in the local authority's area: police, health, schools and the rest may be asked. */
export async function organisationsToAsk(
  deps: Deps,
  actor: Actor,
): Promise<{ id: string; name: string; kind: string }[]> {
  return deps.db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('local_area_id', '=', actor.localAreaId)
    .where('id', '!=', actor.organisationId)
    .orderBy('name')
    .execute()
}

/**
 * The front door asks another agency in the area what it knows about the referral's child. The agency's
 * safeguarding leads are emailed (without the child's name) and answer inside Together; they see the question
 * and enough to identify the child, nothing else of the referral.
 */
export async function requestInformation(
  deps: Deps,
  actor: Actor,
  referralId: string,
  input: { readonly organisationId: string; readonly question: string },
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ id: string }, RequestInformationError>> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx): Promise<Result<{ id: string }, RequestInformationError>> => {
    const loaded = await referralForStep(tx, actor, referralId, 'request_information', frontDoorStep, now, meta)
    if (!loaded.ok) return loaded
    const { referral, decision } = loaded.value
    if (referral.state !== 'received')
      return err(
        domainError(
          'REFERRAL.ALREADY_DECIDED',
          'A decision has been made on this referral – ask from the case instead',
        ),
      )
    const fields: Record<string, string> = {}
    const asked = isUuid(input.organisationId)
      ? await tx
          .selectFrom('organisation')
          .select(['id', 'name'])
          .where('id', '=', input.organisationId)
          .where('local_area_id', '=', referral.localAreaId)
          .where('id', '!=', referral.toOrganisationId)
          .executeTakeFirst()
      : undefined
    if (asked === undefined) fields.organisationId = 'Select the organisation to ask'
    const question = validateQuestion(input.question)
    if (!question.ok) Object.assign(fields, question.error.fields)
    if (asked === undefined || !question.ok)
      return err(domainError('REFERRAL.INVALID', Object.values(fields)[0] ?? 'Check the request', fields))
    const id = newId()
    await tx
      .insertInto('information_request')
      .values({
        id,
        referral_id: referral.id,
        child_id: referral.childId,
        to_organisation_id: asked.id,
        requested_by: actor.userId,
        question: question.value,
        due_at: null,
        requested_at: now,
      })
      .execute()
    await notifyOrganisationRoles(
      tx,
      {
        organisationId: asked.id,
        roles: agencyLeadRoles,
        kind: 'information_request.received',
        subject: `Request for information from ${actor.organisationName}`,
        body: `${actor.organisationName} has asked ${asked.name} for information about a child they have received a referral for (${referral.reference}).\n\nRead the question and answer it in Together: ${serviceUrl}/information-requests/${id}`,
        relatedType: 'information_request',
        relatedId: id,
      },
      now,
    )
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'information_request.sent',
        subjectType: 'information_request',
        subjectId: id,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { referralId: referral.id, toOrganisationId: asked.id, childId: referral.childId },
      },
      now,
    )
    return ok({ id })
  })
}
