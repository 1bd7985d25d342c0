import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { checkboxes, date, select, textarea, yesNo } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { checkAssessmentFactors } from '../domain/caseWork.js'
import { assessmentFactors, primaryNeeds } from '../domain/codes.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { caseWork, dateInOrder, withCase } from './episodeStep.js'

/** The case with its assessment (as saved so far) and the primary need recorded on the episode. */
export const loadAssessment = (ctx: StepContext) =>
  withCase(ctx, async (c) => {
    const assessment = await ctx.tx
      .selectFrom('assessment')
      .select(['id', 'authorised_at', 'submitted_at', 'child_seen_on', 'child_seen_alone', 'factors', 'summary'])
      .where('episode_id', '=', c.episode.id)
      .executeTakeFirst()
    const { primary_need } = await ctx.tx
      .selectFrom('episode')
      .select('primary_need')
      .where('id', '=', c.episode.id)
      .executeTakeFirstOrThrow()
    return { ...c, assessment, primaryNeed: primary_need }
  })

/**
 * The social worker records the assessment as it goes: when the child was seen and whether alone (Ofsted
 * Annex A list 4), the factors identified (CIN census codes; "none" never with others, rule 8869), the primary
 * need and a summary. Saved as often as needed until a manager authorises it: the form starts from what was
 * saved, and each save replaces it (a field left empty is not recorded yet). Submitting it for authorisation
 * (submitAssessment) checks that everything a manager signs is there.
 */
export const updateAssessment = defineStep({
  ...caseWork(['social_worker', 'team_manager']),
  operationId: 'updateAssessment',
  path: '/cases/:id/assessment',
  title: 'Child and family assessment',
  description: 'Record the assessment so far: child seen (date, alone), CIN census factors, primary need, summary',
  submitText: 'Save the assessment',
  okStatus: 200,
  fields: {
    childSeenOn: date({
      label: 'When was the child seen?',
      hint: 'Leave blank if the child has not been seen yet. For example, 27 3 2026',
    }),
    childSeenAlone: yesNo({ label: 'Was the child seen alone?' }),
    factors: checkboxes({
      label: 'Factors identified',
      hint: 'Children in need census codes. “No factors identified” cannot be combined with others.',
      options: assessmentFactors.map((f) => ({ value: f.code, text: `${f.label} (${f.code})` })),
    }),
    primaryNeed: select({
      label: 'Primary need',
      options: primaryNeeds.map((n) => ({ value: n.code, text: `${n.code}: ${n.label}` })),
    }),
    summary: textarea({ label: 'Summary of the assessment', max: 50_000, rows: 8 }),
  },
  load: loadAssessment,
  prefill: ({ assessment: a, primaryNeed }) =>
    a === undefined
      ? {}
      : {
          childSeenOn: a.child_seen_on,
          childSeenAlone: a.child_seen_alone,
          factors: a.factors,
          primaryNeed,
          summary: a.summary,
        },
  unavailable: (c) =>
    c.assessment === undefined || c.phase === 'closed'
      ? 'There is no child and family assessment open on this case'
      : c.assessment.authorised_at !== null
        ? 'This assessment has been authorised and can no longer be changed'
        : undefined,
  check: (input, c, { today }) => {
    const factors = (input.factors ?? []) as readonly string[]
    const checked = factors.length === 0 ? undefined : checkAssessmentFactors(factors)
    return {
      ...dateInOrder('childSeenOn', input.childSeenOn, today, {
        date: storedDate(c.episode.referralDate),
        what: 'the referral date',
      }),
      ...(input.childSeenOn !== undefined && typeof input.childSeenAlone !== 'boolean'
        ? { childSeenAlone: 'Say whether the child was seen alone' }
        : {}),
      ...(checked !== undefined && !checked.ok ? { factors: checked.error.message } : {}),
    }
  },
  run: async ({ tx }, input, c) => {
    const seenOn = input.childSeenOn as LocalDate | undefined
    const id = c.assessment!.id
    await tx
      .updateTable('assessment')
      .set({
        child_seen_on: seenOn === undefined ? null : formatLocalDate(seenOn),
        child_seen_alone: (input.childSeenAlone as boolean | null | undefined) ?? null,
        factors: [...new Set((input.factors ?? []) as string[])],
        summary: (input.summary as string | undefined) ?? '',
      })
      .where('id', '=', id)
      .execute()
    await tx
      .updateTable('episode')
      .set({ primary_need: (input.primaryNeed as string | undefined) ?? null })
      .where('id', '=', c.episode.id)
      .execute()
    return ok({ id })
  },
  action: 'assessment.updated',
  auditDetails: (out, input, c) => ({
    childId: c.episode.childId,
    assessmentId: out.id,
    factors: input.factors ?? [],
    childSeenOn: input.childSeenOn === undefined ? null : formatLocalDate(input.childSeenOn as LocalDate),
  }),
  output: z.object({ id: z.uuid() }),
})
