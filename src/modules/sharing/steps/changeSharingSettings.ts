import { z } from 'zod'
import { textarea, type FieldSpec } from '../../../platform/forms/fields.js'
import { hasRole, type Actor } from '../../../platform/identity/actor.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep, type AccessDecision } from '../../../platform/steps/defineStep.js'
import {
  checkSettingValue,
  inForce,
  partnershipSettingIds,
  partnershipSettings,
  partnershipSource,
  settingChanges,
  settingDefinition,
  settingInWords,
  type PartnershipSettingId,
  type ProposedSettings,
} from '../domain/partnershipSettings.js'
import { loadPartnershipSettings, type PartnershipSettingsView } from '../queries/partnershipSettings.js'

export const SETTINGS_PAGE = '/settings/working-together'
export const REASON_MAX = 2000

/** Only the safeguarding partnership's lead sees and changes its settings: they are the partnership's decisions. */
export function decidePartnershipSettings(actor: Actor): AccessDecision {
  return hasRole(actor, 'partnership_lead')
    ? { allowed: true, reason: 'safeguarding partnership lead for this local area' }
    : {
        allowed: false,
        reason: 'only the safeguarding partnership lead sees and changes these settings',
        visible: true,
      }
}

/**
 * A setting as a whole number within its bounds: a text box on the page (GOV.UK asks for numbers in a text input
 * with inputmode numeric), a number or a string of digits in the API. The messages are the page's.
 */
function settingField(id: PartnershipSettingId): FieldSpec {
  const s = settingDefinition(id)
  const schema = z
    .union([z.string(), z.number()], {
      error: (issue) => (issue.input === undefined ? checkMessage(id, undefined) : checkMessage(id, 'not a number')),
    })
    .transform((raw, ctx) => {
      const checked = checkSettingValue(id, raw)
      if (!checked.ok) {
        ctx.issues.push({ code: 'custom', message: checked.message, input: raw })
        return z.NEVER
      }
      return checked.value
    })
    .meta({ description: `A whole number from ${s.min} to ${s.max}`, examples: [s.defaultValue] })
  return { kind: 'text', label: s.label, hint: s.hint, optional: false, max: 10, width: 3, schema }
}

/** The message for a value left out, or for something that is not a number at all (true, a list). */
const checkMessage = (id: PartnershipSettingId, raw: string | undefined): string => {
  const checked = checkSettingValue(id, raw)
  return checked.ok ? '' : checked.message
}

const settingsOutput = z.object({
  repeatedConcernsCount: z.number().int(),
  repeatedConcernsDays: z.number().int(),
  openRecordHours: z.number().int(),
})

/**
 * The partnership lead changes the partnership's settings for working together on one child. Never silent: each
 * setting changed appends a row with the value before and after, who, when and why (sharing_setting_change), in
 * the same transaction as the new value and the audit row; sending the values already in force is refused and
 * writes nothing. The next concern and the next record opened with a reason use the new values.
 */
export const changeSharingSettings = defineStep({
  operationId: 'changeSharingSettings',
  module: 'Sharing',
  path: `${SETTINGS_PAGE}/change`,
  apiPath: '/sharing-settings',
  title: 'Change the partnership’s settings',
  description:
    'The repeated-concerns threshold and how long a record opened with a reason stays open, for your safeguarding partnership. Every change is kept with its reason.',
  submitText: 'Save the settings',
  fields: {
    repeatedConcernsCount: settingField('repeated_concerns_count'),
    repeatedConcernsDays: settingField('repeated_concerns_days'),
    openRecordHours: settingField('open_record_hours'),
    reason: textarea({
      label: 'Why the partnership is making this change',
      hint: 'For example, the partnership’s decision and when it was made. It is kept with the change and shown in the history.',
      required: 'Enter why the partnership is making this change',
      tooLong: `The reason must be ${REASON_MAX.toLocaleString('en-GB')} characters or fewer`,
      max: REASON_MAX,
      rows: 4,
    }),
  },
  load: async ({ tx, actor }) => loadPartnershipSettings(tx, actor.localAreaId, { forUpdate: true }),
  access: (actor) => decidePartnershipSettings(actor),
  intro: (view: PartnershipSettingsView) => {
    const now = (id: PartnershipSettingId) => settingInWords(id, inForce(view.stored, id))
    return [
      `In force now: ${now('repeated_concerns_count')} within ${now('repeated_concerns_days')} make repeated concerns; a record opened with a reason stays open for ${now('open_record_hours')}.`,
      `Together’s defaults: ${partnershipSettings.map((s) => settingInWords(s.id, s.defaultValue)).join(', ')}.`,
    ]
  },
  check: (input, view: PartnershipSettingsView) =>
    settingChanges(view.stored, proposedFrom(input)).length === 0
      ? {
          repeatedConcernsCount:
            'Change at least one setting: these are the values in force now, so there is nothing to save',
        }
      : {},
  run: async ({ tx, actor, now }, input, view: PartnershipSettingsView) => {
    const proposed = proposedFrom(input)
    const changes = settingChanges(view.stored, proposed)
    const reason = String(input['reason'])
    const changeId = newId()
    const raw = await tx
      .selectFrom('sharing_setting')
      .select(['repeated_concerns_count', 'repeated_concerns_days', 'repeated_concerns_source'])
      .where('local_area_id', '=', view.localAreaId)
      .executeTakeFirst()
    // The threshold is one rule of two numbers (the reader uses both or neither): a change to either stores both.
    const repeatedChanged = changes.some((c) => c.setting !== 'open_record_hours')
    const source = partnershipSource(now, actor.displayName, reason)
    const repeated = repeatedChanged
      ? {
          repeated_concerns_count: proposed.repeated_concerns_count,
          repeated_concerns_days: proposed.repeated_concerns_days,
          repeated_concerns_source: source,
        }
      : {
          repeated_concerns_count: raw?.repeated_concerns_count ?? null,
          repeated_concerns_days: raw?.repeated_concerns_days ?? null,
          repeated_concerns_source: raw?.repeated_concerns_source ?? null,
        }
    await tx
      .insertInto('sharing_setting')
      .values({
        local_area_id: view.localAreaId,
        open_record_hours: proposed.open_record_hours,
        section_16la_in_force: false,
        set_by: actor.userId,
        set_at: now,
        ...repeated,
      })
      .onConflict((oc) =>
        oc.column('local_area_id').doUpdateSet({
          open_record_hours: proposed.open_record_hours,
          set_by: actor.userId,
          set_at: now,
          ...repeated,
        }),
      )
      .execute()
    await tx
      .insertInto('sharing_setting_change')
      .values(
        changes.map((c) => ({
          id: newId(),
          local_area_id: view.localAreaId,
          change_id: changeId,
          setting: c.setting,
          old_value: c.from,
          new_value: c.to,
          reason,
          changed_by: actor.userId,
          changed_at: now,
        })),
      )
      .execute()
    return ok({
      changeId,
      changes: changes.map((c) => ({ setting: c.setting, from: c.from, to: c.to })),
      settings: {
        repeatedConcernsCount: proposed.repeated_concerns_count,
        repeatedConcernsDays: proposed.repeated_concerns_days,
        openRecordHours: proposed.open_record_hours,
      },
    })
  },
  subject: (view: PartnershipSettingsView) => ({ type: 'local_area', id: view.localAreaId }),
  action: 'sharing.settings_changed',
  auditDetails: (out, input) => ({ changeId: out.changeId, changes: out.changes, why: input['reason'] }),
  output: z.object({
    changeId: z.uuid(),
    changes: z.array(
      z.object({
        setting: z.enum(partnershipSettingIds),
        from: z.number().int().nullable().meta({ description: 'Null: Together’s default was in force' }),
        to: z.number().int(),
      }),
    ),
    settings: settingsOutput,
  }),
  done: () => `${SETTINGS_PAGE}?changed=1`,
  back: () => ({ href: SETTINGS_PAGE, text: 'Back to the settings' }),
})

function proposedFrom(input: Record<string, unknown>): ProposedSettings {
  return {
    repeated_concerns_count: Number(input['repeatedConcernsCount']),
    repeated_concerns_days: Number(input['repeatedConcernsDays']),
    open_record_hours: Number(input['openRecordHours']),
  }
}
