import { z } from 'zod'
import { decide } from '../../access/domain/policy.js'
import { radios, textarea, type FieldSpec } from '../../../platform/forms/fields.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep, type AccessDecision } from '../../../platform/steps/defineStep.js'
import { effectiveRule, MAX_OVERRIDE_AMOUNT } from '../domain/override.js'
import { describeDuration, findRule, type TimescaleRule } from '../domain/rules.js'
import { loadPartnershipClock, recomputeOpenDeadlines } from './partnershipClock.js'

export const TIMESCALES_PAGE = '/timescales'
const REASON_MAX = 1000

/** Local timescales and the local calendar are the partnership lead's, for their own area. */
export function decideLocalTimescales(actor: Actor, what: string): AccessDecision {
  const d = decide(actor, { kind: 'timescales.manage_local', localAreaId: actor.localAreaId })
  return d.allowed
    ? { allowed: true, reason: d.reason }
    : { allowed: false, reason: `only safeguarding partnership leads change ${what}`, visible: true }
}

interface RuleHere {
  readonly rule: TimescaleRule
  /** The local value in force now, if any. */
  readonly localAmount: number | undefined
  readonly localAreaId: string
}

/**
 * The number as typed: a text box on the page, a number or a string of digits in the API. Whether it is a
 * whole number within bounds, and never longer than a national maximum, is `check`'s (it needs the rule).
 */
const amountField: FieldSpec = {
  kind: 'text',
  label: 'Local timescale',
  hint: 'In the same unit as the national timescale above',
  optional: true,
  max: 10,
  width: 4,
  schema: z
    .union([z.string().max(20, 'The number must be a whole number, like 10'), z.number()], {
      error: 'The number must be a whole number, like 10',
    })
    .optional()
    .meta({ description: `A whole number from 1 to ${MAX_OVERRIDE_AMOUNT}, in the rule's own unit` }),
}

/** The amount's own messages, as the form always gave them. */
function amountProblem(raw: unknown): { amount: number } | { message: string } {
  const text = raw === undefined ? '' : String(raw).trim()
  if (text === '') return { message: 'Enter the number' }
  if (!/^\d+$/.test(text)) return { message: 'The number must be a whole number, like 10' }
  const amount = Number(text)
  if (amount < 1) return { message: 'The number must be 1 or more' }
  if (amount > MAX_OVERRIDE_AMOUNT) return { message: 'The number must be 1,000 or less' }
  return { amount }
}

/**
 * A partnership lead sets a local value for an overridable timescale, or goes back to the national value. Never
 * silent, and never longer than a national maximum: a value longer than the national one is refused with the
 * national value in the message; the change is audited with its reason, the national value stays beside the
 * local one on every screen, and open deadlines are re-derived in the same transaction.
 */
export const setTimescaleOverride = defineStep({
  operationId: 'setTimescaleOverride',
  module: 'Timescales',
  // `:rule`, not `:ruleId`: a rule's id is a name (child-and-family-assessment), and the engine takes a
  // parameter ending in Id for a UUID.
  path: `${TIMESCALES_PAGE}/:rule/local`,
  title: 'Local timescale',
  description:
    'Set your partnership’s own value for a timescale rule, or go back to the national value. A national maximum may be shortened, never lengthened; the reason is kept with the change.',
  submitText: 'Save local timescale',
  fields: {
    action: radios({
      label: 'What do you want to do?',
      options: [
        // Not a reveal: the number is sent without a choice too (an API client, an older form), and sets it.
        { value: 'set', text: 'Set a local timescale' },
        { value: 'remove', text: 'Go back to the national timescale' },
      ],
    }),
    amount: amountField,
    reason: textarea({
      label: 'Reason',
      hint: 'For example, the partnership agreed a tighter timescale at its meeting on 3 March.',
      tooLong: 'Reason must be 1,000 characters or fewer',
      max: REASON_MAX,
      rows: 4,
    }),
  },
  load: async ({ tx, actor, params }): Promise<RuleHere | undefined> => {
    const rule = findRule(params['rule'] ?? '')
    if (!rule.ok) return undefined
    const clock = await loadPartnershipClock(tx, actor.localAreaId)
    return {
      rule: rule.value,
      localAmount: clock.effective(rule.value.id)?.local?.amount,
      localAreaId: actor.localAreaId,
    }
  },
  access: (actor) => decideLocalTimescales(actor, 'local timescales'),
  caption: (here: RuleHere) => here.rule.name,
  intro: (here: RuleHere) => [
    here.rule.basis === 'local-practice'
      ? `There is no national limit: ${describeDuration(here.rule)} is local practice, from ${here.rule.source.document}. Your partnership may set its own timescale.`
      : `National maximum: ${describeDuration(here.rule)}. Source: ${here.rule.source.document}, ${here.rule.source.section}. A local timescale may be shorter than this, but not longer.`,
    'A local timescale applies to every open and future deadline in your partnership. The national value is always shown beside it, and the change is recorded in the audit trail with your reason.',
  ],
  prefill: (here: RuleHere) => ({
    action: 'set',
    ...(here.localAmount === undefined ? {} : { amount: String(here.localAmount) }),
  }),
  check: (input, here: RuleHere) => {
    const reason = typeof input['reason'] === 'string' ? input['reason'] : ''
    // Sent without a choice (an older form, an API client), it sets the value, as the form's first button did.
    if (input['action'] === 'remove') {
      if (!here.rule.overridable) return { action: `"${here.rule.name}" cannot be changed locally` }
      return reason === '' ? { reason: 'Give the reason for going back to the national timescale' } : {}
    }
    const amount = amountProblem(input['amount'])
    const problems: Record<string, string> = {}
    if ('message' in amount) problems['amount'] = amount.message
    if (reason === '') problems['reason'] = 'Give the reason for the local timescale'
    if ('amount' in amount) {
      // The value against the national maximum, judged even when the reason is missing, so both are said at once
      // (the rule's own check wants a reason; the one given here stands only for that check).
      const checked = effectiveRule(here.rule, { amount: amount.amount, reason: reason === '' ? '-' : reason })
      if (!checked.ok) problems['amount'] = checked.error.fields?.['amount'] ?? checked.error.message
    }
    return problems
  },
  run: async ({ tx, actor, now }, input, here: RuleHere) => {
    const remove = input['action'] === 'remove'
    const amount = remove ? null : Number(String(input['amount']).trim())
    const reason = String(input['reason'] ?? '')
    await tx
      .insertInto('timescale_override')
      .values({
        id: newId(),
        local_area_id: here.localAreaId,
        rule_id: here.rule.id,
        amount,
        unit: amount === null ? null : here.rule.unit,
        reason,
        created_by: actor.userId,
        created_at: now,
      })
      .execute()
    const recomputed = await recomputeOpenDeadlines(tx, here.localAreaId, [here.rule.id])
    return ok({
      ruleId: here.rule.id,
      national: { amount: here.rule.amount, unit: here.rule.unit },
      local: amount === null ? null : { amount, unit: here.rule.unit },
      deadlinesRecomputed: recomputed,
    })
  },
  subject: (here: RuleHere) => ({ type: 'local_area', id: here.localAreaId }),
  action: (out) => (out.local === null ? 'timescales.override_removed' : 'timescales.override_set'),
  auditDetails: (out, input) => ({ ...out, why: input['reason'] }),
  output: z.object({
    ruleId: z.string(),
    national: z.object({ amount: z.number().int(), unit: z.string() }),
    local: z
      .object({ amount: z.number().int(), unit: z.string() })
      .nullable()
      .meta({ description: 'Null: the national value applies again' }),
    deadlinesRecomputed: z.number().int().meta({ description: 'Open deadlines whose due date was derived again' }),
  }),
  done: () => TIMESCALES_PAGE,
  back: () => ({ href: TIMESCALES_PAGE, text: 'Back' }),
})
