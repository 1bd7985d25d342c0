import { sql } from 'kysely'
import type { Actor } from '../../../platform/identity/actor.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { viewChildOrDeny } from '../../children/queries/childAccess.js'
import { sharingChildOrDeny } from './sharingFacts.js'

export interface InvolvedOrganisation {
  readonly organisationId: string
  readonly name: string
  /** Why the organisation is involved, in words: "Recorded a concern", "Information shared with it", … */
  readonly reasons: readonly string[]
  readonly since: Date
  readonly phone: string | null
  readonly email: string | null
  /** Its safeguarding leads (designated safeguarding leads, health leads, police, social care), to contact. */
  readonly contacts: readonly { readonly name: string; readonly role: string; readonly email: string }[]
}

const involvementReasonLabels: Readonly<Record<string, string>> = {
  created_record: 'Added the child to Together',
  identified_child: 'Identified the child',
  recorded_concern: 'Recorded a concern',
  concern: 'Recorded a concern',
  referral: 'Received a referral',
  referral_received: 'Received a referral',
  information_shared: 'Information was shared with it',
  information_request: 'Was asked for information',
  conference_invitation: 'Invited to a child protection conference',
  core_group: 'Member of the core group',
}
export const involvementReasonLabel = (reason: string): string =>
  involvementReasonLabels[reason] ?? 'Involved with the child'

const contactRoleLabels: Readonly<Record<string, string>> = {
  dsl: 'Designated safeguarding lead',
  health_lead: 'Health safeguarding lead',
  police_officer: 'Police child protection officer',
  front_door: 'Front door',
  team_manager: 'Team manager',
}

type ChildViewError = DomainError<'CHILD.NOT_FOUND'>

/**
 * Who else is involved with a child: every organisation, why and since when, and whom to contact there. Shown to
 * everyone who may see the child, even when they do not see each other's records: knowing whom to call is what
 * working together needs. Audited as part of the view.
 */
export async function listInvolvedOrganisations(
  deps: Deps,
  actor: Actor,
  childId: string,
  meta: RequestMeta,
): Promise<Result<InvolvedOrganisation[], ChildViewError>> {
  const may = await viewChildOrDeny(deps, actor, childId, meta)
  if (!may.ok) return may
  const rows = (
    await sql<{
      organisation_id: string
      name: string
      reasons: string[]
      since: Date
      contact_phone: string | null
      contact_email: string | null
      contacts: { name: string; roles: string[]; email: string }[] | null
    }>`
      SELECT o.id AS organisation_id, o.name, array_agg(DISTINCT i.reason) AS reasons, min(i.since) AS since,
        o.contact_phone, o.contact_email,
        (SELECT json_agg(json_build_object('name', u.display_name, 'roles', u.roles, 'email', u.email) ORDER BY u.display_name)
           FROM app_user u
          WHERE u.organisation_id = o.id AND u.active AND u.roles && ARRAY['dsl', 'health_lead', 'police_officer', 'front_door', 'team_manager']::text[]) AS contacts
      FROM involvement i JOIN organisation o ON o.id = i.organisation_id
      WHERE i.child_id = ${childId}
      GROUP BY o.id
      ORDER BY min(i.since), o.name`.execute(deps.db)
  ).rows
  await auditSeen(deps.db, actor, meta, deps.clock.now(), {
    action: 'child.involvement_viewed',
    subjectType: 'child',
    subjectId: childId,
    reason: may.value.reason,
    details: { organisations: rows.length },
  })
  return ok(
    rows.map((r) => ({
      organisationId: r.organisation_id,
      name: r.name,
      reasons: [...new Set(r.reasons.map(involvementReasonLabel))],
      since: new Date(r.since),
      phone: r.contact_phone,
      email: r.contact_email,
      contacts: (r.contacts ?? []).slice(0, 5).map((c) => ({
        name: c.name,
        role: contactRoleLabels[c.roles.find((x) => x in contactRoleLabels) ?? ''] ?? 'Safeguarding lead',
        email: c.email,
      })),
    })),
  )
}

export interface SharingDecisionView {
  readonly id: string
  readonly reference: string
  readonly decidedAt: Date
  readonly decidedBy: string
  readonly organisation: string
  readonly direction: string
  readonly decision: string
  readonly requestedBy: string | null
  readonly recipientOrganisation: string
  readonly recipientOrganisationId: string
  readonly recipientPerson: string | null
  readonly lawfulBasis: string | null
  readonly specialCategory: string | null
  readonly gateways: readonly string[]
  readonly consent: string
  readonly consentNotSoughtReason: string | null
  readonly told: boolean | null
  readonly toldReason: string | null
  readonly identitiesAtRisk: boolean | null
  readonly redactions: string | null
  readonly detrimentReasons: string | null
  readonly necessity: string | null
  readonly summary: string | null
  readonly sharedOn: string | null
  readonly refusalReasons: string | null
  readonly adviceFrom: string | null
  readonly adviceSoughtOn: string | null
  readonly items: readonly { readonly reference: string; readonly facts: string }[]
  readonly receiptConfirmedAt: Date | null
  /** The viewer's organisation received this share and has not yet confirmed it. */
  readonly awaitingYourReceipt: boolean
}

/**
 * A child's information-sharing decisions as one organisation sees them: every decision it made (shares, refusals
 * with their reasons, advice sought), and every share made to it. Not other organisations' decisions between
 * themselves. For the safeguarding leads of an involved organisation; audited.
 */
export async function listSharingDecisions(
  deps: Deps,
  actor: Actor,
  childId: string,
  meta: RequestMeta,
): Promise<Result<SharingDecisionView[], DomainError<'CHILD.NOT_FOUND'>>> {
  const now = deps.clock.now()
  const allowed = await sharingChildOrDeny(
    deps.db,
    actor,
    childId,
    (organisationInvolved) => ({ kind: 'sharing.list', organisationInvolved }),
    { action: 'sharing.list_denied', correlationId: meta.correlationId, now },
  )
  if (!allowed.ok) return allowed
  const decision = allowed.value
  const rows = await deps.db
    .selectFrom('sharing_decision as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('organisation as r', 'r.id', 'd.recipient_organisation_id')
    .innerJoin('app_user as u', 'u.id', 'd.decided_by')
    .leftJoin('sharing_receipt as s', 's.decision_id', 'd.id')
    .selectAll('d')
    .select(['o.name as organisation', 'r.name as recipient', 'u.display_name as decided_by_name', 's.confirmed_at'])
    .where('d.child_id', '=', childId)
    .where((eb) =>
      eb.or([
        eb('d.organisation_id', '=', actor.organisationId),
        eb.and([
          eb('d.recipient_organisation_id', '=', actor.organisationId),
          eb('d.decision', 'in', ['share', 'share_in_part']),
        ]),
      ]),
    )
    .orderBy('d.decided_at', 'desc')
    .orderBy('d.reference', 'desc')
    .execute()
  const items =
    rows.length === 0
      ? []
      : await deps.db
          .selectFrom('sharing_item as i')
          .innerJoin('concern as c', 'c.id', 'i.concern_id')
          .select(['i.decision_id', 'c.reference', 'c.facts'])
          .where(
            'i.decision_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('c.reference')
          .execute()
  await auditSeen(deps.db, actor, meta, now, {
    action: 'sharing.decisions_viewed',
    subjectType: 'child',
    subjectId: childId,
    reason: decision.reason,
    details: { decisions: rows.length },
  })
  return ok(
    rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      decidedAt: r.decided_at,
      decidedBy: r.decided_by_name,
      organisation: r.organisation,
      direction: r.direction,
      decision: r.decision,
      requestedBy: r.requested_by,
      recipientOrganisation: r.recipient,
      recipientOrganisationId: r.recipient_organisation_id,
      recipientPerson: r.recipient_person,
      lawfulBasis: r.lawful_basis,
      specialCategory: r.special_category,
      gateways: r.gateways,
      consent: r.consent,
      consentNotSoughtReason: r.consent_not_sought_reason,
      told: r.told,
      toldReason: r.told_reason,
      identitiesAtRisk: r.identities_at_risk,
      redactions: r.redactions,
      detrimentReasons: r.detriment_reasons,
      necessity: r.necessity,
      summary: r.summary,
      sharedOn: r.shared_on,
      refusalReasons: r.refusal_reasons,
      adviceFrom: r.advice_from,
      adviceSoughtOn: r.advice_sought_on,
      items: items.filter((i) => i.decision_id === r.id).map((i) => ({ reference: i.reference, facts: i.facts })),
      receiptConfirmedAt: r.confirmed_at,
      awaitingYourReceipt:
        r.confirmed_at === null &&
        r.recipient_organisation_id === actor.organisationId &&
        (r.decision === 'share' || r.decision === 'share_in_part'),
    })),
  )
}
