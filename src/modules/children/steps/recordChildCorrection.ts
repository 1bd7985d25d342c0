import { z } from 'zod'
import { date, radios, text, textarea } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { sexOptions, childDisplayName, type Sex } from '../domain/child.js'
import { correctionMessages, validateCorrection, type CorrectionInput } from '../domain/corrections.js'
import { childIdentity } from '../queries/childIdentity.js'
import { childRecordAccess, loadLockedChild } from './childRecordChange.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'

/**
 * A correction to a child's identity (item 1 of "Working together on one child"): an addendum with its reason,
 * never an edit of the child's record. Who may see the form: whoever may see the child's record (the one gate,
 * `child.view`); who may correct: the safeguarding leads and social care of an organisation involved with the
 * child (`child.correct`). Anyone else: no such child (404), audited.
 */
export const recordChildCorrection = defineStep({
  operationId: 'recordChildCorrection',
  module: 'children',
  path: '/children/:childId/corrections/new',
  apiPath: '/children/:childId/corrections',
  title: 'Correct the child’s details',
  description:
    'Corrections are kept with their history: the record shows what it said before, the correction, why, who and when.',
  submitText: 'Record the correction',
  auditRefusals: true,
  fields: {
    change: radios({
      label: 'What needs correcting?',
      required: 'Select what needs correcting',
      options: [
        { value: 'name', text: 'Name', reveals: ['givenName', 'familyName'] },
        { value: 'date_of_birth', text: 'Date of birth', reveals: ['dateOfBirth'] },
        { value: 'sex', text: 'Sex', reveals: ['sex'] },
        { value: 'nhs_number', text: 'NHS number', reveals: ['nhsNumber'] },
        { value: 'upn', text: 'Unique pupil number (UPN)', reveals: ['upn'] },
        {
          value: 'alias',
          text: 'Add another name the child is known by',
          reveals: ['aliasGivenName', 'aliasFamilyName'],
        },
        {
          value: 'birth',
          text: 'Record the birth',
          hint: 'For an unborn child: the date of birth replaces the expected date of delivery',
          reveals: ['birthDate', 'birthSex'],
        },
      ],
    }),
    givenName: text({ label: 'First name', required: 'Enter the child’s first name', max: 200, width: 20 }),
    familyName: text({ label: 'Last name', required: 'Enter the child’s last name', max: 200, width: 20 }),
    dateOfBirth: date({ label: 'Date of birth', required: 'Enter the child’s date of birth' }),
    sex: radios({ label: 'Sex', required: 'Select the child’s sex', options: sexOptions }),
    nhsNumber: text({
      label: 'NHS number',
      hint: '10 digits, like 943 476 5919',
      required: 'Enter the child’s NHS number',
      max: 40,
      width: 10,
    }),
    upn: text({ label: 'UPN', hint: '13 characters, like B801200005001', required: 'Enter the child’s UPN', max: 40 }),
    aliasGivenName: text({ label: 'Other first name', required: 'Enter the first name', max: 200, width: 20 }),
    aliasFamilyName: text({ label: 'Other last name', required: 'Enter the last name', max: 200, width: 20 }),
    birthDate: date({ label: 'Date of birth', required: 'Enter the date the baby was born' }),
    birthSex: radios({ label: 'Sex, if known', options: sexOptions }),
    reason: textarea({
      label: 'Why is this being corrected?',
      hint: 'For example: the birth certificate shows a different spelling',
      required: 'Enter why this is being corrected',
      max: 2000,
      rows: 3,
    }),
  },
  load: (ctx) =>
    loadLockedChild(ctx, async (tx, childId) => {
      const identity = await childIdentity(tx, childId)
      return identity === undefined ? undefined : { identity }
    }),
  ...childRecordAccess('child.correct'),
  check: (input, l, { today }) => {
    const valid = validateCorrection(input as unknown as CorrectionInput, l.identity.current, today)
    return valid.ok ? {} : (valid.error.fields ?? { change: valid.error.message })
  },
  run: async ({ tx, actor, now, today }, input, l) => {
    const valid = validateCorrection(input as unknown as CorrectionInput, l.identity.current, today)
    if (!valid.ok) return err(valid.error)
    const c = valid.value
    if (c.kind === 'nhs_number' && typeof c.nhsNumber === 'string') {
      // One NHS number, one child: as child's own unique index, across the children as they are now.
      const taken = await tx
        .selectFrom('child_current')
        .select('id')
        .where('nhs_number', '=', c.nhsNumber)
        .where('id', '<>', l.child.id)
        .executeTakeFirst()
      if (taken !== undefined)
        return err(
          domainError('CHILD.CORRECTION_INVALID', correctionMessages.nhsTaken, {
            nhsNumber: correctionMessages.nhsTaken,
          }),
        )
    }
    const reason = String(input.reason)
    const id = await insertWithNewId(tx, 'child_correction', {
      child_id: l.child.id,
      kind: c.kind,
      given_name: c.givenName ?? null,
      family_name: c.familyName ?? null,
      search_name: c.searchName ?? null,
      date_of_birth: c.dateOfBirth ?? null,
      sex: (c.sex ?? null) as Sex | null,
      nhs_number: c.nhsNumber ?? null,
      upn: c.upn ?? null,
      previous: JSON.stringify(c.previous),
      reason,
      corrected_by: actor.userId,
      corrected_by_organisation_id: actor.organisationId,
      corrected_at: now,
    })
    // Another name is searched and checked through child_alias, as names recorded with the record are.
    if (
      c.kind === 'alias' &&
      typeof c.givenName === 'string' &&
      typeof c.familyName === 'string' &&
      c.searchName !== undefined
    )
      await tx
        .insertInto('child_alias')
        .values({
          id: newId(),
          child_id: l.child.id,
          given_name: c.givenName,
          family_name: c.familyName,
          search_name: c.searchName,
          created_by: actor.userId,
          created_at: now,
        })
        .execute()
    return ok({ id, childId: l.child.id, kind: c.kind })
  },
  subject: (l) => ({ type: 'child', id: l.child.id }),
  action: 'child.identity_corrected',
  // What kind of correction, never the values: the audit trail is read more widely than the record.
  auditDetails: (o) => ({ correctionId: o.id, kind: o.kind }),
  output: z.object({
    id: z.uuid(),
    childId: z.uuid(),
    kind: z.enum(['name', 'date_of_birth', 'sex', 'nhs_number', 'upn', 'alias', 'birth']),
  }),
  done: (o) => `/children/${o.childId}#identity-history`,
  caption: (l) => childDisplayName({ givenName: l.child.given_name, familyName: l.child.family_name }),
  intro: () => [
    'The record keeps what it said before: the correction, its reason, who made it and when are shown in the child’s identity history.',
  ],
  back: (p) => ({ href: `/children/${p.childId}`, text: 'Back to the child’s record' }),
})
