/**
 * Recommendations from rapid reviews, practice reviews, national reviews, scrutiny and audits, each with an action
 * owned by a named person in an agency and a due date. The action's due date goes into the deadline register so
 * it appears on Due and overdue for its owner and for the partnership.
 */
import { z } from 'zod'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { checkboxes, date, radios, text, textarea } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import { compareLocalDate, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { newId } from '../../../platform/security/secrets.js'
import { completeDeadline } from '../../timescales/steps/registerDeadline.js'
import {
  actionStatusLabels,
  checkActionUpdate,
  learningThemes,
  recommendationSourceLabels,
  recommendationNeedsIncident,
  type ActionStatus,
  type RecommendationSource,
} from '../domain/actions.js'
import { mayUpdateAction } from '../domain/policy.js'
import { NO_ACCOUNT_IN_AREA, nextReference, userInAreaByEmail } from '../queries/repository.js'
import { partnershipWork, type Here } from './partnership.js'
import { optionsOf } from '../../../platform/shared/wordList.js'

const MODULE = 'partnership'
const backToActions = () => ({ href: '/partnership/actions', text: 'Back to recommendations and actions' })

export const recordRecommendation = defineStep<Here, { id: string; actionId: string }>({
  operationId: 'recordRecommendation',
  ...partnershipWork,
  path: '/partnership/recommendations/new',
  apiPath: '/partnership/recommendations',
  title: 'Record a recommendation and its action',
  description:
    'A recommendation from a review, scrutiny or audit, with the action that answers it, its owner and due date.',
  submitText: 'Record the recommendation',
  fields: {
    source: radios({
      label: 'Where the recommendation came from',
      options: optionsOf(recommendationSourceLabels),
      required: 'Select where the recommendation came from',
    }),
    // One field, shown under the choices rather than revealed by two of them: a field revealed under two options
    // would be on the page twice with one name, and the browser would send both copies (the empty one included).
    // It is needed only for a review of a serious incident, which `check` enforces.
    incidentReference: text({
      label: 'Serious incident reference',
      hint: 'Needed for a rapid review or a local child safeguarding practice review. For example, SI-2026-0001',
      max: 30,
      width: 10,
    }),
    text: textarea({ label: 'Recommendation', required: 'Enter the recommendation', max: 10_000, rows: 4 }),
    themes: checkboxes({
      label: 'Learning themes',
      options: learningThemes.map((t) => ({ value: t.id, text: t.label })),
    }),
    actionDescription: textarea({
      label: 'Action',
      required: 'Enter the action that answers the recommendation',
      max: 10_000,
      rows: 4,
    }),
    ownerEmail: text({
      label: 'Email address of the person who owns the action',
      hint: 'They must have a Together account in this area; their organisation owns the action.',
      required: 'Enter the email address of the person who owns the action',
      max: 320,
    }),
    dueOn: date({ label: 'Date the action is due', required: 'Enter the date the action is due' }),
  },
  check: (input) =>
    input.incidentReference === undefined && recommendationNeedsIncident(input.source as RecommendationSource)
      ? { incidentReference: 'Enter the serious incident reference' }
      : {},
  run: async ({ tx, actor, now, today }, input, loaded) => {
    const problems: Record<string, string> = {}
    let incidentId: string | null = null
    if (input.incidentReference !== undefined) {
      const found = await tx
        .selectFrom('serious_incident')
        .select('id')
        .where('reference', '=', (input.incidentReference as string).toUpperCase())
        .where('local_area_id', '=', loaded.localAreaId)
        .executeTakeFirst()
      if (found === undefined)
        problems.incidentReference = 'There is no serious incident with this reference in your area'
      else incidentId = found.id
    }
    const owner = await userInAreaByEmail(tx, loaded.localAreaId, input.ownerEmail as string)
    if (owner === undefined) problems.ownerEmail = NO_ACCOUNT_IN_AREA
    const dueOn = input.dueOn as LocalDate
    if (compareLocalDate(dueOn, today) < 0) problems.dueOn = 'The due date must be today or in the future'
    if (hasProblems(problems) || owner === undefined) return invalidFields('RECOMMENDATION.INVALID', problems)
    const reference = await nextReference(tx, 'R', 'recommendation', today.year)
    const id = await insertWithNewId(tx, 'recommendation', {
      reference,
      local_area_id: loaded.localAreaId,
      source: input.source as string,
      incident_id: incidentId,
      text: input.text as string,
      themes: (input.themes as string[] | undefined) ?? [],
      created_by: actor.userId,
      submission_key: null,
      created_at: now,
    })
    const actionId = await insertWithNewId(tx, 'learning_action', {
      recommendation_id: id,
      description: input.actionDescription as string,
      owner_organisation_id: owner.organisation_id,
      owner_user_id: owner.id,
      due_on: formatLocalDate(dueOn),
      status: 'open',
      status_changed_at: now,
      created_at: now,
    })
    // A date the partnership agreed, not a statutory clock: registered directly, with no national value to differ.
    await tx
      .insertInto('deadline')
      .values({
        id: newId(),
        local_area_id: loaded.localAreaId,
        organisation_id: owner.organisation_id,
        assigned_user_id: owner.id,
        rule_id: 'learning-action',
        subject_type: 'learning_action',
        subject_id: actionId,
        child_id: null,
        title: `Action from recommendation ${reference}`,
        started_on: formatLocalDate(today),
        due_on: formatLocalDate(dueOn),
        national_due_on: formatLocalDate(dueOn),
        created_at: now,
        completed_at: null,
      })
      .execute()
    return ok({ id, actionId })
  },
  action: 'partnership.recommendation_recorded',
  auditDetails: (out) => ({ recommendationId: out.id, actionId: out.actionId }),
  output: z.object({ id: z.string(), actionId: z.string() }),
  done: () => '/partnership/actions?recorded=1',
  back: backToActions,
})

interface LoadedAction {
  readonly id: string
  readonly localAreaId: string
  readonly ownerOrganisationId: string
  readonly status: ActionStatus
  readonly reference: string
}

export const updateAction = defineStep<LoadedAction, { id: string; status: string }>({
  operationId: 'updateAction',
  module: MODULE,
  path: '/partnership/actions/:actionId/update',
  title: 'Update an action',
  description: 'A new status with a note; completing an action needs evidence of its impact. Earlier updates are kept.',
  submitText: 'Save the update',
  fields: {
    status: radios({
      label: 'Status',
      options: [
        { value: 'in_progress', text: actionStatusLabels.in_progress },
        { value: 'completed', text: actionStatusLabels.completed, reveals: ['evidenceOfImpact'] },
        { value: 'withdrawn', text: actionStatusLabels.withdrawn },
      ],
      required: 'Select the action’s status',
    }),
    evidenceOfImpact: textarea({
      label: 'Evidence that the action has made a difference for children',
      required: 'Describe the evidence that this action has made a difference for children',
      max: 20_000,
    }),
    note: textarea({ label: 'Note', hint: 'Required when withdrawing an action.', max: 10_000, rows: 4 }),
  },
  load: async ({ tx, params }) => {
    const row = await tx
      .selectFrom('learning_action as a')
      .innerJoin('recommendation as r', 'r.id', 'a.recommendation_id')
      .select(['a.id', 'r.local_area_id', 'a.owner_organisation_id', 'a.status', 'r.reference'])
      .where('a.id', '=', params.actionId!)
      .forUpdate('a')
      .executeTakeFirst()
    return row === undefined
      ? undefined
      : {
          id: row.id,
          localAreaId: row.local_area_id,
          ownerOrganisationId: row.owner_organisation_id,
          status: row.status as ActionStatus,
          reference: row.reference,
        }
  },
  access: (actor, a) => mayUpdateAction(actor, a.localAreaId, a.ownerOrganisationId),
  unavailable: (a) =>
    a.status === 'completed' || a.status === 'withdrawn'
      ? `This action is ${actionStatusLabels[a.status].toLowerCase()}: record a new action instead`
      : undefined,
  run: async ({ tx, actor, now }, input, a) => {
    const next = input.status as ActionStatus
    const note = (input.note as string | undefined) ?? ''
    const evidence = (input.evidenceOfImpact as string | undefined) ?? ''
    const checked = checkActionUpdate(a.status, next, note, evidence)
    if (!checked.ok) return checked
    await tx
      .insertInto('learning_action_update')
      .values({
        id: newId(),
        action_id: a.id,
        status: next,
        note,
        evidence_of_impact: evidence,
        actor_user_id: actor.userId,
        submission_key: null,
        created_at: now,
      })
      .execute()
    await tx
      .updateTable('learning_action')
      .set({ status: next, status_changed_at: now })
      .where('id', '=', a.id)
      .execute()
    if (next === 'completed' || next === 'withdrawn')
      await completeDeadline(tx, { type: 'learning_action', id: a.id }, 'learning-action', now)
    return ok({ id: a.id, status: next })
  },
  subject: (a) => ({ type: 'learning_action', id: a.id }),
  action: 'partnership.action_updated',
  auditDetails: (out) => ({ status: out.status }),
  output: z.object({ id: z.string(), status: z.string() }),
  done: () => '/partnership/actions?updated=1',
  caption: (a) => `Action from recommendation ${a.reference}`,
  back: backToActions,
})
