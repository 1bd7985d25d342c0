import { sql } from 'kysely'
import { z } from 'zod'
import { countRows } from '../../../platform/db/countRows.js'
import { radios, text, textarea } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import {
  LLC_TEXT_LIMITS,
  isPattern,
  lowLevelMessages,
  reviewDecisionLabels,
  reviewDecisions,
  reviewTransition,
  reviewerRolesFor,
  sameSubjectKey,
  subjectKindLabels,
  validateReview,
} from '../domain/lowLevelConcern.js'
import { decideLowLevelConcern } from '../domain/policy.js'
import { loadLowLevelConcern, nextReference } from '../queries/allegations.js'
import { reviewerAccess } from './stepAccess.js'

/**
 * Any member of staff or volunteer records a low-level concern about an adult working in or for the organisation
 * (KCSIE Part 4). If the name matches someone on Together in the organisation, the record is linked to them, so
 * that they never see it and so that a concern about the head goes to the chair of governors. The second and
 * later concerns about the same person are flagged as a pattern for the reviewer.
 */
export const recordLowLevelConcern = defineStep({
  operationId: 'recordLowLevelConcern',
  module: 'allegations',
  path: '/low-level-concerns/new',
  apiPath: '/low-level-concerns',
  title: 'Record a low-level concern about an adult',
  description: 'A concern about how an adult working here has behaved that does not meet the harm threshold.',
  submitText: 'Record the concern',
  auditRefusals: true,
  fields: {
    subjectName: text({
      label: 'Name of the adult the concern is about',
      required: lowLevelMessages.subjectMissing,
      max: LLC_TEXT_LIMITS.name,
    }),
    subjectKind: radios({
      label: 'How do they work with you?',
      required: lowLevelMessages.subjectKindMissing,
      options: optionsOf(subjectKindLabels),
    }),
    account: textarea({
      label: 'What happened, and why it concerns you',
      hint: 'Facts only: what you saw or heard, when and where. Even a sense of unease is worth recording.',
      required: lowLevelMessages.accountMissing,
      max: LLC_TEXT_LIMITS.account,
    }),
  },
  load: async ({ actor }) => ({ organisationId: actor.organisationId }),
  access: (actor) => {
    const d = decideLowLevelConcern(actor, { kind: 'low_level_concern.record' })
    return d.allowed ? d : { ...d, visible: true }
  },
  run: async ({ tx, actor, now, today, deps }, input, org) => {
    const name = input.subjectName as string
    const normalised = name.trim().replace(/\s+/g, ' ').toLowerCase()
    const subject = await tx
      .selectFrom('app_user')
      .select(['id', 'roles'])
      .where('organisation_id', '=', org.organisationId)
      .where('active', '=', true)
      .where(sql<boolean>`lower(regexp_replace(trim(display_name), '\\s+', ' ', 'g')) = ${normalised}`)
      .executeTakeFirst()
    const subjectUserId = subject?.id ?? null
    const aboutHead = subject?.roles.includes('head') ?? false
    const key = sameSubjectKey({ userId: subjectUserId, name })
    // Serialise concerns about one person so that two recorded at once both see each other for the pattern.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`${org.organisationId}:${key}`}))`.execute(tx)
    const earlier = await countRows(
      tx
        .selectFrom('low_level_concern')
        .where('organisation_id', '=', org.organisationId)
        .where('subject_key', '=', key),
    )
    const id = newId()
    const reference = await nextReference(tx, 'L', 'low_level_concern_reference_seq', today.year)
    await tx
      .insertInto('low_level_concern')
      .values({
        id,
        reference,
        organisation_id: org.organisationId,
        raised_by: actor.userId,
        subject_user_id: subjectUserId,
        subject_name: name,
        subject_kind: input.subjectKind as string,
        subject_key: key,
        about_head: aboutHead,
        account: input.account as string,
        state: 'recorded',
        created_at: now,
      })
      .execute()
    const pattern = isPattern(earlier + 1)
    await notifyOrganisationRoles(
      tx,
      {
        organisationId: org.organisationId,
        roles: reviewerRolesFor(aboutHead),
        kind: 'low_level_concern.recorded',
        subject: `Low-level concern ${reference} needs your review${pattern ? ' (one of several about the same person)' : ''}`,
        body: `A low-level concern about an adult has been recorded and needs your review. Read it in Together: ${deps.settings.serviceUrl}/low-level-concerns/${id}`,
        relatedType: 'low_level_concern',
        relatedId: id,
      },
      now,
    )
    return ok({ id, reference, pattern })
  },
  subject: (org) => ({ type: 'organisation', id: org.organisationId }),
  action: 'low_level_concern.recorded',
  auditDetails: (out) => ({ reference: out.reference, pattern: out.pattern }),
  output: z.object({ id: z.string(), reference: z.string(), pattern: z.boolean() }),
  done: (out) => `/low-level-concerns/${out.id}?recorded=1`,
  back: () => ({ href: '/low-level-concerns', text: 'Back to low-level concerns' }),
})

/** The head (the chair of governors when it is about the head) reviews and decides. */
export const reviewLowLevelConcern = defineStep({
  operationId: 'reviewLowLevelConcern',
  module: 'allegations',
  path: '/low-level-concerns/:concernId/review',
  title: 'Review a low-level concern',
  submitText: 'Record your decision',
  auditRefusals: true,
  fields: {
    decision: radios({
      label: 'Your decision',
      required: lowLevelMessages.decisionMissing,
      options: reviewDecisions.map((d) => ({
        value: d,
        text: reviewDecisionLabels[d].label,
        hint: reviewDecisionLabels[d].hint,
        ...(d === 'low_level' ? { reveals: ['actions'] } : {}),
      })),
    }),
    actions: textarea({
      label: 'What will be done',
      required: lowLevelMessages.actionsMissing,
      max: LLC_TEXT_LIMITS.actions,
      rows: 4,
    }),
  },
  load: ({ tx, params }) => loadLowLevelConcern(tx, params.concernId!, { forUpdate: true }),
  access: reviewerAccess,
  unavailable: (l) => (l.state === 'recorded' ? undefined : 'This concern has already been reviewed'),
  run: async ({ tx, actor, now }, input, l) => {
    const v = validateReview({ decision: input.decision as string, actions: input.actions as string | undefined })
    if (!v.ok) return v
    await tx
      .insertInto('low_level_review')
      .values({
        concern_id: l.id,
        decision: v.value.decision,
        actions: v.value.actions,
        reviewed_by: actor.userId,
        reviewed_at: now,
        allegation_id: null,
      })
      .execute()
    await tx
      .updateTable('low_level_concern')
      .set({ state: reviewTransition(v.value.decision) })
      .where('id', '=', l.id)
      .execute()
    return ok({ id: l.id, decision: v.value.decision })
  },
  subject: (l) => ({ type: 'low_level_concern', id: l.id }),
  action: 'low_level_concern.reviewed',
  auditDetails: (out) => ({ decision: out.decision }),
  output: z.object({ id: z.string(), decision: z.string() }),
  done: (out) =>
    out.decision === 'allegation'
      ? `/low-level-concerns/${out.id}/allegation`
      : `/low-level-concerns/${out.id}?reviewed=1`,
  caption: (l) => `Low-level concern ${l.reference}`,
  back: (p) => ({ href: `/low-level-concerns/${p.concernId}`, text: 'Back to the concern' }),
})
