import { z } from 'zod'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { sexes, validateNewChild, type NewChildInput } from '../domain/child.js'
import { searchName, trigramSimilarity } from '../domain/nameMatching.js'
import { formatLocalDate, parseLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { FieldSpec } from '../../../platform/forms/fields.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { defineStep, takeStep, withAudit } from '../../../platform/steps/defineStep.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { involve } from '../../../platform/db/involvement.js'

/**
 * A field the API takes as it comes, for the domain (validateNewChild) to judge and word: the schema only
 * bounds it and publishes its rules, so every problem with a new child is reported at once.
 */
const asGiven = (label: string, schema: z.ZodType): FieldSpec => ({
  kind: 'text',
  label,
  optional: schema.safeParse(undefined).success,
  max: 1000,
  schema,
})

/** A date as the API has always taken it, YYYY-MM-DD, with its own message when it is not a real date. */
const isoDate = (label: string, description: string): FieldSpec => ({
  kind: 'date',
  label,
  optional: true,
  schema: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
    .meta({ format: 'date', description })
    .transform((value, ctx): LocalDate => {
      const parsed = parseLocalDate(value)
      if (parsed.ok) return parsed.value
      ctx.issues.push({ code: 'custom', message: `${label} must be a real date`, input: value })
      return z.NEVER
    })
    .optional(),
})

// A name left out is an empty one, which the domain refuses with its message: the front door's form (which takes
// this step's check) sends its boxes optional, so a page sent with nothing is told what to fill in, not a 500.
const newChildOf = (input: Record<string, unknown>): NewChildInput => ({
  givenName: typeof input.givenName === 'string' ? input.givenName : '',
  familyName: typeof input.familyName === 'string' ? input.familyName : '',
  dateOfBirth: input.dateOfBirth as LocalDate | undefined,
  expectedDateOfDelivery: input.expectedDateOfDelivery as LocalDate | undefined,
  sex: input.sex as string | undefined,
  nhsNumber: input.nhsNumber as string | undefined,
  upn: input.upn as string | undefined,
  postcode: input.postcode as string | undefined,
})

export interface ChildAdded {
  readonly id: string
  readonly existing: boolean
}

/**
 * Adds a child record (after the person has searched and seen the likely matches). If the NHS number or UPN
 * already belongs to a record with the same name and date of birth, that record is used instead of making a
 * duplicate, and the person's organisation becomes involved with it (200); if it belongs to a different child,
 * the number is refused without saying whose it is, and the attempt is on the record. The pages that add a child
 * belong to the journeys that need one (a concern, the front door), which take this step through `createChild`.
 */
export const createChildStep = defineStep<{ readonly organisationId: string }, ChildAdded>({
  operationId: 'createChild',
  module: 'children',
  tag: 'Children',
  path: '/children',
  mount: 'api',
  title: 'Add a child (or link to the existing record with the same identifier, name and date of birth)',
  description: 'A child: a date of birth, or for an unborn child an expected date of delivery (not both)',
  submitText: 'Add the child',
  okStatusOf: {
    status: (o) => (o.existing ? 200 : 201),
    described: { 201: 'Added', 200: 'An existing record matched and your organisation is now involved' },
  },
  auditRefusals: true,
  bodyRules: {
    required: ['givenName', 'familyName', 'sex'],
    anyOf: [{ required: ['dateOfBirth'] }, { required: ['expectedDateOfDelivery'] }],
  },
  fields: {
    givenName: asGiven(
      'First name',
      z.string().max(1000).meta({ description: 'May be empty for an unborn child', maxLength: 100 }),
    ),
    familyName: asGiven('Last name', z.string().max(1000).meta({ minLength: 1, maxLength: 100 })),
    dateOfBirth: isoDate('Date of birth', 'Today or earlier, and under 18'),
    expectedDateOfDelivery: isoDate(
      'Expected date of delivery',
      'For an unborn child instead of a date of birth: within 10 months',
    ),
    sex: asGiven(
      'Sex',
      z
        .string()
        .max(20)
        .optional()
        .meta({ enum: [...sexes], description: 'Required; "unknown" for an unborn child' }),
    ),
    nhsNumber: asGiven(
      'NHS number',
      z
        .string()
        .max(40)
        .optional()
        .meta({ description: '10 digits with a valid check digit; not for an unborn child' }),
    ),
    upn: asGiven(
      'Unique pupil number',
      z
        .string()
        .max(40)
        .optional()
        .meta({ description: 'Unique pupil number (13 characters); not for an unborn child' }),
    ),
    postcode: asGiven(
      'Postcode',
      z
        .string()
        .max(20)
        .optional()
        .meta({ description: 'The child’s home postcode, which decides their local authority' }),
    ),
  },
  load: async ({ actor }) => ({ organisationId: actor.organisationId }),
  access: (actor) => {
    const d = decide(actor, { kind: 'child.create' })
    return d.allowed ? d : { ...d, visible: true }
  },
  check: (input, _l, { today }) => {
    const valid = validateNewChild(newChildOf(input), today)
    return valid.ok ? {} : (valid.error.fields ?? { givenName: valid.error.message })
  },
  run: async ({ tx, actor, now, today }, input) => {
    const valid = validateNewChild(newChildOf(input), today)
    if (!valid.ok) return valid
    const child = valid.value
    const name = searchName(child.givenName, child.familyName)
    const dob = child.dateOfBirth === undefined ? null : formatLocalDate(child.dateOfBirth)
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
        await involve(tx, { childId: same.id, organisationId: actor.organisationId, reason: 'identified_child' }, now)
        // Which identifier matched is for the audit row: the API's answer does not say.
        return ok(
          withAudit(
            { id: same.id, existing: true },
            { matched: `${label} matched an existing record with the same name and date of birth` },
          ),
        )
      }
      // Refused without saying whose it is; the refusal is audited with its code (auditRefusals).
      const message = `This ${label} is already recorded for a different child. Check the number`
      return err(
        domainError('CHILD.IDENTIFIER_CONFLICT', message, {
          [column === 'nhs_number' ? 'nhsNumber' : 'upn']: message,
        }),
      )
    }
    const id = await insertWithNewId(tx, 'child', {
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
    await involve(tx, { childId: id, organisationId: actor.organisationId, reason: 'created_record' }, now)
    return ok({ id, existing: false })
  },
  // The child added or matched; the organisation only for a refusal, before there is a child to name.
  subject: (l, o) => (o === undefined ? { type: 'organisation', id: l.organisationId } : { type: 'child', id: o.id }),
  action: (o) => (o.existing ? 'child.matched_existing' : 'child.created'),
  output: z.object({ id: z.uuid(), existing: z.boolean() }),
  done: (o) => `/children/${o.id}`,
})

/**
 * The step taken from code: the concern's and the front door's "add the child's details" pages (which read their
 * own GOV.UK date inputs), the demo stories and test fixtures. The same transaction, checks and audit row as the API.
 */
export async function createChild(
  deps: Deps,
  actor: Actor,
  input: NewChildInput,
  meta: RequestMeta,
): Promise<Result<ChildAdded, DomainError>> {
  const date = (d: LocalDate | undefined) => (d === undefined ? undefined : formatLocalDate(d))
  const body = Object.fromEntries(
    Object.entries({
      ...input,
      dateOfBirth: date(input.dateOfBirth),
      expectedDateOfDelivery: date(input.expectedDateOfDelivery),
    }).filter(([, v]) => v !== undefined),
  )
  return takeStep(deps, createChildStep, actor, {}, body, meta)
}
