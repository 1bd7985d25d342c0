import { z } from 'zod'
import { formatLocalDate, parseLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, textarea } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { decide } from '../../access/domain/policy.js'
import { checkStepDate } from '../domain/episode.js'
import { loadEpisode } from '../queries/episodeAccess.js'
import { openPlan, stepRolesIn } from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

/**
 * A core group meeting under the child protection plan (table step record_core_group), declared once: the
 * case page's action, the form at /cases/:id/core-groups, the API at /api/v1/cases/:id/core-groups and its
 * OpenAPI entry all come from here. The first meeting meets the first-core-group clock (T6: 10 working days
 * from the initial conference). Not before the plan started, not in the future.
 */
export const recordCoreGroup = defineStep({
  operationId: 'recordCoreGroup',
  module: 'protection',
  path: '/cases/:id/core-groups',
  title: 'Record a core group meeting',
  description: 'A core group meeting under the child protection plan. The first one meets the first-core-group clock.',
  submitText: 'Record the meeting',
  fields: {
    heldOn: date({ label: 'When did the core group meet?', required: 'Enter the date the core group met' }),
    notes: textarea({
      label: 'What was discussed and agreed',
      required: 'Enter what the core group discussed and agreed',
      max: 100_000,
      rows: 8,
    }),
  },
  load: async ({ tx, params }) => {
    const loaded = await loadEpisode(tx, params.id!, { forUpdate: true })
    if (loaded === undefined) return undefined
    const plan = await openPlan(tx, loaded.episode.id)
    return { ...loaded, plan }
  },
  // Everyone in social care of the holding local authority sees the case and its forms; only the case
  // holders record a core group (the transition table's `who`). Anyone else: as if there were no such case.
  viewAccess: (actor, c) => {
    const view = decide(actor, { kind: 'episode.view', episode: c.facts })
    return view.allowed ? view : { ...view, visible: false }
  },
  access: (actor, c) => {
    const view = decide(actor, { kind: 'episode.view', episode: c.facts })
    if (!view.allowed) return { ...view, visible: false }
    const phase = c.episode.phase as Parameters<typeof stepRolesIn>[0]
    const act = decide(actor, {
      kind: 'episode.act',
      episode: c.facts,
      stepRoles: stepRolesIn(phase, 'record_core_group'),
    })
    return act.allowed ? act : { ...act, visible: true }
  },
  unavailable: (c) => (c.plan === undefined ? 'The child does not have a child protection plan' : undefined),
  check: (input, c, { today }) => {
    const started = parseLocalDate(c.plan?.started_on ?? '')
    const inOrder = checkStepDate(
      'heldOn',
      input.heldOn as LocalDate,
      today,
      started.ok ? { date: started.value, what: 'the start of the child protection plan' } : undefined,
    )
    return inOrder.ok ? {} : (inOrder.error.fields ?? { heldOn: inOrder.error.message })
  },
  run: async ({ tx, actor, now, meta }, input, c) => {
    const plan = c.plan!
    const heldOn = input.heldOn as LocalDate
    const notes = input.notes as string
    const id = newId()
    const taken = await takeEpisodeStep(
      tx,
      actor,
      c,
      {
        step: 'record_core_group',
        outcome: 'held',
        occurredOn: heldOn,
        rationale: notes.slice(0, 2000),
        details: { coreGroupMeetingId: id, planId: plan.id },
      },
      now,
      meta,
    )
    if (!taken.ok) return taken
    await tx
      .insertInto('core_group_meeting')
      .values({
        id,
        plan_id: plan.id,
        held_on: formatLocalDate(heldOn),
        notes,
        recorded_by: actor.userId,
        created_at: now,
      })
      .execute()
    return ok({ id })
  },
  subject: (c) => ({ type: 'episode', id: c.episode.id }),
  action: 'case.core_group_recorded',
  output: z.object({ id: z.string() }),
  done: (_out, params) => `/cases/${params.id}?recorded=1`,
  caption: (c) => `Case ${c.episode.reference}`,
  back: (params) => ({ href: `/cases/${params.id}`, text: 'Back to the case' }),
})
