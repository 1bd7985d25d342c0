import { z } from 'zod'
import { text, textarea, type FieldSpec } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { areaStepAccess } from '../domain/policy.js'

interface LocalArea {
  readonly id: string
  readonly name: string
  readonly laCode: string | null
  /** The numbers other areas hold: the DfE gives each authority its own, so two areas never share one. */
  readonly takenCodes: ReadonlySet<string>
}

export const laCodeMessages = {
  missing: 'Enter the local authority number',
  format: 'Enter the local authority number as 3 digits, like 873',
  same: 'This is already the area’s local authority number',
  taken: 'Another area already has this local authority number',
} as const

/** Spaces a person might type around or inside the number are not part of it. */
const cleanCode = (raw: unknown): string => String(raw ?? '').replace(/\s+/g, '')

/** A text box whose own schema checks the form, so a bad number is listed with the other fields' errors. */
const laCodeField: FieldSpec = {
  ...text({
    label: 'Local authority number',
    hint: 'The Department for Education’s 3-digit number for your council, like 873',
    required: laCodeMessages.missing,
    max: 20,
    width: 3,
  }),
  schema: z
    .string({ error: laCodeMessages.missing })
    .max(20, laCodeMessages.format)
    .transform(cleanCode)
    .pipe(
      z
        .string()
        .min(1, laCodeMessages.missing)
        .regex(/^[0-9]{3}$/, laCodeMessages.format),
    ),
}

/**
 * Sets or corrects the area's DfE local authority number, which heads its children in need census (LEA). Never
 * silent: the number in force is kept on the area for the census to read, and each change appends a row with the
 * number before and after, who, when and why (local_area_change, append-only), in the same transaction as the
 * audit row.
 */
export const updateLocalArea = defineStep<LocalArea, { id: string; laCode: string; previousLaCode: string | null }>({
  operationId: 'updateLocalArea',
  module: 'organisations',
  tag: 'Organisations',
  path: '/area/local-authority-number',
  apiPath: '/area',
  title: 'Local authority number',
  description:
    'The Department for Education’s 3-digit number for the local authority, which heads the children in need census.',
  submitText: 'Save the number',
  okStatus: 200,
  fields: {
    laCode: laCodeField,
    reason: textarea({
      label: 'Why is it being set or changed?',
      hint: 'For example: setting up the area, or the number was typed wrongly',
      required: 'Enter why the number is being set or changed',
      max: 2000,
      rows: 3,
    }),
  },
  load: async ({ tx, actor }) => {
    const area = await tx
      .selectFrom('local_area')
      .select(['id', 'name', 'la_code'])
      .where('id', '=', actor.localAreaId)
      .forUpdate()
      .executeTakeFirst()
    if (area === undefined) return undefined
    const others = await tx
      .selectFrom('local_area')
      .select('la_code')
      .where('id', '<>', area.id)
      .where('la_code', 'is not', null)
      .execute()
    return {
      id: area.id,
      name: area.name,
      laCode: area.la_code,
      takenCodes: new Set(others.map((o) => o.la_code as string)),
    }
  },
  access: areaStepAccess,
  check: (input, area) => {
    const code = cleanCode(input['laCode'])
    if (!/^[0-9]{3}$/.test(code)) return { laCode: laCodeMessages.format }
    if (code === area.laCode) return { laCode: laCodeMessages.same }
    if (area.takenCodes.has(code)) return { laCode: laCodeMessages.taken }
    return {}
  },
  run: async ({ tx, actor, now }, input, area) => {
    const laCode = cleanCode(input['laCode'])
    await tx
      .insertInto('local_area_change')
      .values({
        id: newId(),
        local_area_id: area.id,
        old_la_code: area.laCode,
        new_la_code: laCode,
        reason: String(input['reason']),
        changed_by: actor.userId,
        changed_at: now,
      })
      .execute()
    await tx.updateTable('local_area').set({ la_code: laCode }).where('id', '=', area.id).execute()
    return ok({ id: area.id, laCode, previousLaCode: area.laCode })
  },
  subject: (area) => ({ type: 'local_area', id: area.id }),
  action: 'organisations.local_area_updated',
  auditDetails: (out) => ({ laCode: out.laCode, previousLaCode: out.previousLaCode }),
  output: z.object({ id: z.uuid(), laCode: z.string(), previousLaCode: z.string().nullable() }),
  caption: (area) => area.name,
  intro: (area) => [
    area.laCode === null
      ? 'No local authority number is recorded yet: the children in need census cannot be made without one.'
      : `The number recorded now is ${area.laCode}. The change is kept with its reason, who made it and when.`,
  ],
  done: () => '/area?updated=1',
  back: () => ({ href: '/area', text: 'Back to the area' }),
})
