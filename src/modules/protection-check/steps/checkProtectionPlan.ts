import { sql } from 'kysely'
import { z } from 'zod'
import { decide } from '../../access/domain/policy.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { formatNhsNumber, postcodeDistrict } from '../../children/domain/identifiers.js'
import { date, textarea, type FieldSpec } from '../../../platform/forms/fields.js'
import { readDate } from '../../../platform/forms/readers.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { codeLabel, planCategories } from '../../protection/domain/codes.js'
import {
  isExactIdentity,
  protectionCheckMessages,
  REASON_MAX_LENGTH,
  sameName,
  validateProtectionCheck,
  type ProtectionCheckInput,
  type ProtectionCheckQuery,
} from '../domain/protectionCheck.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { ok } from '../../../platform/shared/result.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { defineStep, withAudit, type AccessDecision, type Subject } from '../../../platform/steps/defineStep.js'
import { enqueueNotification, notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { exactlyMatchingChildren } from '../queries/otherNames.js'
import {
  areaLocalAuthorities,
  type LocalAuthorityContact,
  type MatchedChild,
  type ProtectionCheckOutcome,
  type PlanFound,
} from '../queries/protectionCheckViews.js'

/** A check as it was answered, for the result page and the API's GET (viewProtectionCheck). */
export interface ProtectionCheckResult extends ProtectionCheckOutcome {
  readonly id: string
  readonly checkedAt: Date
  readonly reason: string
  readonly searched: string
}

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

/** The published answer; `looseObject` so the plans and contacts are answered (and replayed) as recorded. */
export const checkAnswer = z
  .looseObject({ id: z.uuid(), checkedAt: z.iso.datetime(), reason: z.string(), planFound: z.boolean() })
  .meta({
    description:
      'The answer: planFound, the plans (start date, category, lead practitioner, local authority contact) and the area’s children’s social care contacts. No plan found reads the same whether or not the child is known.',
  })
type CheckAnswer = z.output<typeof checkAnswer>

/**
 * What the check is about: the local area, and once `run` has looked, the child with a plan it names (the audit
 * row's subject). Only a child whose identity matched exactly is ever put here.
 */
interface CheckArea {
  readonly localAreaId: string
  planChildId?: string
}

/**
 * A field the API takes as it always has (its own schema and description), judged by validateProtectionCheck
 * with the check's own messages, so every problem is reported at once.
 */
const asSent = (spec: FieldSpec, schema: z.ZodType): FieldSpec => ({ ...spec, optional: true, schema })
const plain = (label: string, schema: z.ZodType): FieldSpec => ({
  kind: 'text',
  label,
  optional: true,
  max: 200,
  schema,
})

/**
 * The date of birth as the check reads it. The page's three boxes arrive as "day month year" (dateInputText, with
 * "?" for a box left blank) and are read in that order; the API has always taken YYYY-MM-DD only, so anything else
 * it sends (14/05/2016, which another system may mean month first) stays as sent and is refused as not a date.
 */
function dateOfBirthOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  if (!/^\S+ \S+ \S+$/.test(value.trim())) return value
  const read = readDate(value, 'date of birth')
  return read.ok ? formatLocalDate(read.value) : 'not a date'
}

const checkInput = (input: Record<string, unknown>): ProtectionCheckInput => {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined)
  return {
    nhsNumber: str('nhsNumber'),
    givenName: str('givenName'),
    familyName: str('familyName'),
    dateOfBirth: dateOfBirthOf(input['dateOfBirth']),
    reason: str('reason'),
  }
}

/** Police and health safeguarding roles, in their own local area only; anyone else is told why (403), audited. */
function mayCheck(actor: Actor, area: CheckArea): AccessDecision {
  const d = decide(actor, { kind: 'protection.check', localAreaId: area.localAreaId })
  if (!d.allowed) return { allowed: false, reason: d.reason, visible: true }
  // Allowed only for the checker's own area, so a made-up area id never reaches the database.
  if (!isUuid(area.localAreaId))
    return { allowed: false, reason: 'checks are for children in your own local area', visible: true }
  return d
}

/**
 * A police officer or health safeguarding professional asks whether a child in their area has a current child
 * protection plan (as NHS CP-IS answers unscheduled care). The check looks across every child in the local area,
 * not only those the checker's organisation knows: that is its purpose. A plan is found only for a child whose
 * identity matches exactly (isExactIdentity), and the answer names that child (name, date of birth, postcode
 * district) so the checker can confirm it is the child in front of them; otherwise it reveals only the plan's
 * start date and category, and whom to call. The answer when no plan is found is the same whether the child is
 * unknown, known without a plan, or a near miss of another child. The check, its audit entry and the emails telling
 * the local authority are written in one transaction (the step's). One declaration drives the form
 * (/protection-check, the module's own template), the API (POST /api/v1/protection-checks) and its OpenAPI entry.
 */
export const checkProtectionPlanStep = defineStep<CheckArea, CheckAnswer>({
  operationId: 'checkProtectionPlan',
  module: 'protection-check',
  tag: 'Protection checks',
  path: '/protection-check',
  apiPath: '/protection-checks',
  title: 'Check for a child protection plan',
  description:
    'Check whether a child in your local area has a current child protection plan (police and health safeguarding roles; audited; the local authority is told)',
  submitText: 'Check',
  bodyRules: {
    description: 'Give nhsNumber, or givenName, familyName and dateOfBirth',
    required: ['reason'],
    anyOf: [{ required: ['nhsNumber'] }, { required: ['givenName', 'familyName', 'dateOfBirth'] }],
  },
  fields: {
    nhsNumber: plain('NHS number', z.string().max(40, protectionCheckMessages.nhsNumber).optional()),
    givenName: plain('First name', z.string().max(200, protectionCheckMessages.nameTooLong).optional()),
    familyName: plain('Last name', z.string().max(200, protectionCheckMessages.nameTooLong).optional()),
    dateOfBirth: asSent(
      date({ label: 'Date of birth', hint: 'For example, 14 5 2016' }),
      z.string().max(20, protectionCheckMessages.dateOfBirthInvalid).optional().meta({ format: 'date' }),
    ),
    reason: asSent(
      textarea({ label: 'Reason for the check', max: REASON_MAX_LENGTH }),
      z
        .string()
        .max(5000, protectionCheckMessages.reasonTooLong)
        .optional()
        .meta({ description: 'Required: why you are checking (audited)' }),
    ),
    localAreaId: plain(
      'Local area',
      z
        .string()
        .max(100)
        .optional()
        .meta({ format: 'uuid', description: 'Defaults to your own; any other is refused' }),
    ),
  },
  // The checker's own area unless the API names another (which is refused, and audited against that area).
  load: async ({ actor, sent }): Promise<CheckArea> => ({
    localAreaId:
      typeof sent['localAreaId'] === 'string' && sent['localAreaId'] !== '' ? sent['localAreaId'] : actor.localAreaId,
  }),
  access: mayCheck,
  deniedAction: 'protection.check_denied',
  // The form as it has always been: the warning to call 999, the child, then the reason.
  template: 'protection-check/pages/check.njk',
  check: (input, _area, { today }) => {
    const valid = validateProtectionCheck(checkInput(input), today)
    return valid.ok ? {} : (valid.error.fields ?? { nhsNumber: valid.error.message })
  },
  run: async ({ tx, actor, now, today, deps }, input, area: CheckArea) => {
    const valid = validateProtectionCheck(checkInput(input), today)
    if (!valid.ok) return valid
    const { query, reason } = valid.value
    const { localAreaId } = area
    const serviceUrl = deps.settings.serviceUrl
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

    const id = await insertWithNewId(tx, 'protection_check', {
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

    if (planRows[0] !== undefined) area.planChildId = planRows[0].child_id
    return ok(
      withAudit(
        { id, checkedAt: now.toISOString(), reason, searched: describeQuery(queryJson(query)), ...outcome },
        { checkId: id, by: query.by, foundPlan: plans.length > 0, notified },
      ),
    )
  },
  // The child whose plan was found, else the check itself; a refusal names the area asked about.
  subject: (area: CheckArea, out?: CheckAnswer): Subject =>
    out === undefined
      ? { type: 'local_area', id: area.localAreaId.slice(0, 100) }
      : area.planChildId === undefined
        ? { type: 'protection_check', id: out.id }
        : { type: 'child', id: area.planChildId },
  action: 'protection.checked',
  // The policy's reason and the checker's own words, as the local authority's list shows them.
  auditReason: (_out, input, allowed) => `${allowed}: ${String(input['reason']).trim()}`.slice(0, 2000),
  output: checkAnswer,
  done: (out) => `/protection-check/${out.id}`,
})
