import { CONCERN_LEAD_ROLES } from '../domain/workflow.js'
import { sql } from 'kysely'
import { z } from 'zod'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import {
  concernCategories,
  MAX_CHILDREN_PER_CONCERN,
  validateNewConcern,
  type NewConcernInput,
  type ValidConcern,
} from '../domain/concern.js'
import { bodyRegions, bodySides, MAX_BODY_MAP_MARKS } from '../domain/bodyMap.js'
import { fgmMandatoryDutyApplies } from '../domain/fgmDuty.js'
import { ageOn, childStatus } from '../../children/domain/child.js'
import { parseLocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { newId } from '../../../platform/security/secrets.js'
import { defineStep, takeStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { oneLine, organisationRolesOutboxInsert } from '../../notifications/steps/enqueueNotification.js'
import { registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { visibleChildren } from '../../children/queries/searchChildren.js'
import { noticeRepeatedConcerns } from './repeatedConcerns.js'
import { lockOwnDraft } from './concernDrafts.js'

export interface RecordedConcern {
  readonly id: string
  readonly reference: string
  readonly fgmDuty: boolean
  readonly dslsNotified: number
}

const instant = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Use an ISO 8601 date and time, like 2026-11-23T10:30:00Z')

// The body as the API takes it. The domain (validateNewConcern, the body-map rules) judges the values and words
// the messages, for the API and the page journey alike; the metadata publishes its rules and code lists.
const newConcern = z.object({
  childIds: z
    .array(z.string().max(100).meta({ format: 'uuid' }))
    .max(50)
    .meta({
      minItems: 1,
      maxItems: MAX_CHILDREN_PER_CONCERN,
      description: 'Children from searchChildren or createChild',
    }),
  observedAt: instant.meta({ format: 'date-time', description: 'When you saw or heard it; not in the future' }),
  place: z.string().max(100_000).meta({ minLength: 1 }),
  facts: z.string().max(100_000).meta({ minLength: 1, description: 'What you saw or heard, in the words used' }),
  childWords: z.string().max(100_000).default(''),
  othersPresent: z.string().max(100_000).default(''),
  categories: z
    .array(
      z
        .string()
        .max(100)
        .meta({ enum: concernCategories.map((c) => c.id) }),
    )
    .max(50)
    .meta({ minItems: 1, description: 'At least one concern category' }),
  otherCategory: z.string().max(10_000).optional().meta({ description: 'Required with the category "other"' }),
  immediateDanger: z.boolean(),
  policeCalledAt: instant.optional().meta({ format: 'date-time' }),
  policeReference: z.string().max(10_000).optional(),
  actionTaken: z.string().max(100_000).default(''),
  fgmKnown: z.boolean().optional(),
  bodyMap: z
    .array(
      z.object({
        side: z
          .string()
          .max(20)
          .optional()
          .meta({ enum: [...bodySides] }),
        x: z.number().optional().meta({
          minimum: 0,
          maximum: 100,
          description: 'Percent of the outline’s width, from its left edge as drawn',
        }),
        y: z
          .number()
          .optional()
          .meta({ minimum: 0, maximum: 100, description: 'Percent of the outline’s height, from the top' }),
        region: z
          .string()
          .max(100)
          .optional()
          .meta({ enum: bodyRegions.map((r) => r.id), description: 'Left and right mean the child’s left and right' }),
        description: z.string().max(10_000),
        childId: z
          .string()
          .max(100)
          .optional()
          .meta({ format: 'uuid', description: 'With several children, the child the mark was seen on' }),
      }),
    )
    .max(200)
    .default([])
    .meta({ maxItems: MAX_BODY_MAP_MARKS }),
})
type NewConcernBody = z.output<typeof newConcern>

/** The domain's input from the API's body (instants as epoch ms). */
const domainInput = (b: NewConcernBody): NewConcernInput => ({
  ...b,
  observedAtMs: Date.parse(b.observedAt),
  policeCalledAtMs: b.policeCalledAt === undefined ? undefined : Date.parse(b.policeCalledAt),
})

/**
 * The API's body from the domain's input: what the page journey sends from its draft (and code from its fixtures),
 * so the step checks it as it checks the API's. Values left out stay out, for the schema to refuse.
 */
export function concernBody(input: NewConcernInput): Record<string, unknown> {
  const { observedAtMs, policeCalledAtMs, ...rest } = input
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())
  const body = { ...rest, observedAt: iso(observedAtMs), policeCalledAt: iso(policeCalledAtMs) }
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
}

const CHILD_NOT_NAMEABLE = 'CHILD.NOT_FOUND'

interface Loaded {
  readonly organisationId: string
  /** The draft it was written in (the journey's address), locked; undefined when the API sends it. */
  readonly draftId?: string
  /** The draft was sent already: a copy of the check page sent at the same time as the first. */
  readonly draftGone: boolean
  /** The body judged by the domain's rules (the step's `check` reports its problems). */
  readonly concern: Result<ValidConcern, DomainError>
  /** The children it names that this person could have found (or just added). */
  readonly children: Awaited<ReturnType<typeof visibleChildren>>
}

/**
 * Records a concern. Saved means durable: the reference is returned only after the transaction that holds the
 * concern, its children, the organisation's involvement, the audit entry, any statutory clock and the emails
 * to the DSLs has committed. Nothing about the concern is ever edited afterwards; corrections are addenda.
 * The API takes it at POST /api/v1/concerns; the page journey sends its draft through the same step, with the
 * draft's id as the address's `draftId` (the check page's), so the draft is removed in the same transaction.
 */
export const recordConcern = defineStep<Loaded, RecordedConcern>({
  operationId: 'recordConcern',
  module: 'concerns',
  tag: 'Concerns',
  path: '/concerns',
  mount: 'api',
  title: 'Record a concern about one or more children (durable once 201 is returned)',
  submitText: 'Send',
  fields: {},
  apiInput: newConcern,
  load: async ({ tx, actor, params, sent, now }) => {
    const draftId = params.draftId
    // The draft is read before this transaction, so copies of the check page sent at once all found it. Locked
    // here, a copy waits for the first to commit, then finds the draft gone and records nothing.
    const draftGone = draftId !== undefined && (await lockOwnDraft(tx, draftId, actor.userId)) === undefined
    const concern = validateNewConcern(domainInput(sent as NewConcernBody), now.getTime())
    const children = concern.ok ? await visibleChildren(tx, actor, concern.value.childIds) : []
    return {
      organisationId: actor.organisationId,
      ...(draftId === undefined ? {} : { draftId }),
      draftGone,
      concern,
      children,
    }
  },
  access: (actor) => {
    const decision = decide(actor, { kind: 'concern.record' })
    return decision.allowed ? decision : { ...decision, visible: true }
  },
  conflict: ({ draftGone }) =>
    draftGone ? domainError('CONCERN.ALREADY_SUBMITTED', 'This concern has already been sent') : undefined,
  check: (_input, { concern }) => (concern.ok ? {} : (concern.error.fields ?? { children: concern.error.message })),
  run: async (ctx, _input, loaded) => (loaded.concern.ok ? record(ctx, loaded.concern.value, loaded) : loaded.concern),
  // Only children the person could have found (or just added) may be named: ids are not a way in. Any other is
  // answered as no child at all (404), and the attempt is kept on that child's trail, although nothing else is.
  refusalAudit: (error, { concern, children }) =>
    error.code === CHILD_NOT_NAMEABLE && concern.ok
      ? concern.value.childIds
          .filter((id) => !children.some((c) => c.id === id))
          .map((id) => ({
            action: 'concern.record_denied',
            subject: { type: 'child', id },
            reason: 'named a child the organisation is not involved with',
            details: { childIds: concern.value.childIds },
          }))
      : undefined,
  subject: ({ organisationId }, output) =>
    output === undefined ? { type: 'organisation', id: organisationId } : { type: 'concern', id: output.id },
  action: 'concern.recorded',
  // In the concern's own statement: the mixed-load benchmark's hot path (bench/mixed-load.bench.ts).
  auditInRun: true,
  output: z.object({
    id: z.uuid(),
    reference: z.string(),
    fgmDuty: z.boolean().meta({ description: 'The FGM mandatory reporting duty applies: report to the police' }),
    dslsNotified: z.number().int().meta({ description: 'How many safeguarding leads were emailed' }),
  }),
  done: (o) => `/concerns/${o.id}/recorded`,
  apiErrors: { 404: 'A child you may not name (audited on that child’s record)' },
})

/** Records a concern from code (the demo stories, test fixtures): the step, as the API and the journey take it. */
export async function recordConcernFor(
  deps: Deps,
  actor: Actor,
  input: NewConcernInput,
  meta: RequestMeta,
): Promise<Result<RecordedConcern, DomainError>> {
  return takeStep(deps, recordConcern, actor, {}, concernBody(input), meta)
}

async function record(
  ctx: StepContext,
  concern: ValidConcern,
  { children, draftId }: Loaded,
): Promise<Result<RecordedConcern, DomainError>> {
  const { tx, actor, now, today, meta } = ctx
  const serviceUrl = ctx.deps.settings.serviceUrl
  if (children.length !== concern.childIds.length)
    return err(domainError(CHILD_NOT_NAMEABLE, 'Choose the child from the search results'))
  // An 18th birthday closes child-level workflows: concerns about an adult go to adult safeguarding.
  const adult = children.find((c) => {
    const dob = c.date_of_birth === null ? undefined : parseLocalDate(c.date_of_birth)
    return dob?.ok === true && childStatus({ dateOfBirth: dob.value }, today) === 'adult'
  })
  if (adult !== undefined) {
    const message = `${adult.given_name} ${adult.family_name} is now 18 or over. Follow your organisation’s adult safeguarding procedures instead`
    return err(domainError('CONCERN.INVALID', message, { children: message }))
  }
  const fgmDuty = children.some((c) => {
    const dob = c.date_of_birth === null ? undefined : parseLocalDate(c.date_of_birth)
    return (
      dob?.ok === true &&
      fgmMandatoryDutyApplies({
        categories: concern.categories,
        fgmKnown: concern.fgmKnown,
        childSex: c.sex,
        childAgeYears: ageOn(dob.value, today),
        reporterRoles: actor.roles,
        reporterOrganisationKind: actor.organisationKind,
      })
    )
  })

  const id = newId()
  const link = `${serviceUrl}/concerns/${id}`
  // The reference comes from a sequence inside the statement; `format` puts it into the messages (%1$s), so
  // anything else in them that looks like a format code is escaped first.
  const literal = (text: string) => text.replaceAll('%', '%%')
  const subject = concern.immediateDanger
    ? `URGENT: child in immediate danger – concern %1$s`
    : `New safeguarding concern %1$s`
  const body = [
    concern.immediateDanger
      ? 'A concern has been recorded about a child in immediate danger. Act on it now.'
      : 'A new safeguarding concern has been recorded in your organisation.',
    '',
    'Reference: %1$s',
    `Recorded by: ${literal(actor.displayName)}`,
    '',
    `Read it in Together: ${literal(link)}`,
  ].join('\n')
  const childIds = children.map((c) => c.id)
  // Everything the concern changes, in ONE statement (and so one round trip): the concern and its children, the
  // organisation's involvement, the draft it was written in, the emails to the organisation's safeguarding leads
  // (the transactional outbox) and the step's audit row (`auditInRun`). Data-modifying CTEs all run, whether or
  // not the final SELECT reads them; foreign keys are checked at the end of the statement.
  const write = sql<{ reference: string; notified: number }>`
    WITH ref AS (
      SELECT ${`C-${today.year}-`} || lpad(nextval('concern_reference_seq')::text, 6, '0') AS reference
    ), recorded AS (
      INSERT INTO concern (id, reference, organisation_id, local_area_id, author_user_id, observed_at, place, facts, child_words, others_present,
        categories, other_category, immediate_danger, police_called_at, police_reference, action_taken, body_map, fgm_known, fgm_duty, created_at, state, state_changed_at)
      SELECT ${id}, ref.reference, ${actor.organisationId}, ${actor.localAreaId}, ${actor.userId}, ${new Date(concern.observedAtMs)}, ${concern.place}, ${concern.facts},
        ${concern.childWords}, ${concern.othersPresent}, ${sql.val([...concern.categories])}::text[], ${concern.otherCategory ?? null}, ${concern.immediateDanger},
        ${concern.policeCalledAtMs === undefined ? null : new Date(concern.policeCalledAtMs)}, ${concern.policeReference ?? null}, ${concern.actionTaken},
        ${JSON.stringify(concern.bodyMap)}::jsonb, ${concern.fgmKnown}, ${fgmDuty}, ${now}, 'new', ${now}
      FROM ref
      RETURNING reference
    ), about AS (
      INSERT INTO concern_child (concern_id, child_id) SELECT ${id}, unnest(${sql.val(childIds)}::uuid[])
    ), involved AS (
      INSERT INTO involvement (child_id, organisation_id, reason, since) SELECT unnest(${sql.val(childIds)}::uuid[]), ${actor.organisationId}, 'recorded_concern', ${now}
      ON CONFLICT DO NOTHING
    ), sent AS (
      DELETE FROM concern_draft WHERE id = ${draftId ?? null} AND user_id = ${actor.userId}
    ), told AS (${organisationRolesOutboxInsert(
      {
        organisationId: actor.organisationId,
        roles: CONCERN_LEAD_ROLES,
        kind: concern.immediateDanger ? 'concern.urgent' : 'concern.new',
        relatedType: 'concern',
        relatedId: id,
      },
      // No child's name in email: it may be read on a shared or personal device.
      sql<string>`format(${oneLine(subject)}, (SELECT reference FROM ref))`,
      sql<string>`format(${body}, (SELECT reference FROM ref))`,
      now,
    )}), audited AS (${ctx.auditInStatement(
      { type: 'concern', id },
      {
        childIds,
        immediateDanger: concern.immediateDanger,
        fgmDuty,
        // The draft it was written in, so that Back to a page of a sent draft can point to the concern.
        ...(draftId === undefined ? {} : { draftId }),
      },
      sql`jsonb_build_object('reference', (SELECT reference FROM ref), 'dslsNotified', (SELECT count(*) FROM told))`,
    )})
    SELECT reference, (SELECT count(*) FROM told)::int AS notified FROM recorded`
  const row = (await write.execute(tx)).rows[0]
  if (row === undefined) throw new Error('recording a concern returned nothing')
  const reference = row.reference
  const dslsNotified = Number(row.notified)
  // Known FGM also starts the police-report clock.
  if (fgmDuty)
    await registerDeadline(
      tx,
      {
        localAreaId: actor.localAreaId,
        organisationId: actor.organisationId,
        assignedUserId: actor.userId,
        ruleId: 'fgm-police-report',
        subjectType: 'concern',
        subjectId: id,
        title: `Report known FGM to the police (concern ${reference})`,
        startedOn: today,
      },
      now,
    )
  // Whether the concerns about each child now cross the partnership's repeated-concerns threshold (told once,
  // with the concern that crossed it).
  await noticeRepeatedConcerns(tx, actor, id, childIds, now, meta, serviceUrl)
  return ok({ id, reference, fgmDuty, dslsNotified })
}
