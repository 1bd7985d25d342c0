import { z } from 'zod'
import { checkboxes, radios, textarea } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { childDisplayName } from '../domain/child.js'
import {
  censusDetailMessages,
  censusDisabilities,
  censusEthnicities,
  checkCensusDetails,
  disabilitiesInWords,
  ethnicityInWords,
  type CensusDetailsInput,
} from '../domain/censusDetails.js'
import { childCensusDetails } from '../queries/childCensusDetails.js'
import { childRecordAccess, loadLockedChild } from './childRecordChange.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { optionsOf, yesNo } from '../../../platform/shared/wordList.js'

/**
 * A child's ethnicity and disability as the children in need census asks for them, recorded by children's social
 * care working with the child. Each record is a new row: a later one corrects an earlier one, with its reason, and
 * the record keeps both (the census reads the newest). Who may see the form: whoever may see the child's record;
 * anyone else: no such child (404), audited.
 */
export const recordChildCensusDetails = defineStep({
  operationId: 'recordChildCensusDetails',
  module: 'children',
  path: '/children/:childId/census-details/new',
  apiPath: '/children/:childId/census-details',
  title: 'Ethnicity and disability',
  description:
    'The child’s ethnicity and disability for the children in need census. A correction is kept with what it replaced, why, who and when.',
  submitText: 'Save the details',
  auditRefusals: true,
  fields: {
    ethnicity: radios({
      label: 'What is the child’s ethnicity?',
      hint: 'As the child or their family describe it',
      required: censusDetailMessages.ethnicity,
      options: censusEthnicities.map((e) => ({ value: e.code, text: e.label })),
    }),
    disabled: radios({
      label: 'Does the child have a disability?',
      required: censusDetailMessages.disabled,
      inline: false,
      options: optionsOf(yesNo, { yes: ['disabilities'] }),
    }),
    disabilities: checkboxes({
      label: 'The child’s disabilities',
      // Not required here: "Yes" with none ticked is refused by the step's check, with the same message, and only
      // then (the engine would otherwise list it when the question above is not answered at all).
      hint: 'Select all that apply',
      options: censusDisabilities.map((d) => ({ value: d.code, text: d.label })),
    }),
    reason: textarea({
      label: 'If you are correcting details recorded before, why?',
      hint: 'For example: the family told us at the assessment visit',
      max: 2000,
      rows: 3,
    }),
  },
  load: (ctx) => loadLockedChild(ctx, async (tx, childId) => ({ details: await childCensusDetails(tx, childId) })),
  ...childRecordAccess('child.record_census'),
  check: (input, l) => checkCensusDetails(input as CensusDetailsInput, l.details.current).problems,
  run: async ({ tx, actor, now }, input, l) => {
    const { details } = checkCensusDetails(input as CensusDetailsInput, l.details.current)
    if (details === undefined) return err(domainError('CHILD.CENSUS_DETAILS_INVALID', 'The details were not valid'))
    const reason = typeof input['reason'] === 'string' && input['reason'].trim() !== '' ? input['reason'] : null
    const id = await insertWithNewId(tx, 'child_census_detail', {
      child_id: l.child.id,
      ethnicity: details.ethnicity,
      disabilities: [...details.disabilities],
      reason,
      recorded_by: actor.userId,
      recorded_by_organisation_id: actor.organisationId,
      recorded_at: now,
    })
    return ok({ id, childId: l.child.id, correction: l.details.current !== undefined })
  },
  subject: (l) => ({ type: 'child', id: l.child.id }),
  action: 'child.census_details_recorded',
  // Whether it corrected earlier details, never the values: the audit trail is read more widely than the record.
  auditDetails: (o) => ({ censusDetailId: o.id, correction: o.correction }),
  output: z.object({ id: z.uuid(), childId: z.uuid(), correction: z.boolean() }),
  done: (o) => `/children/${o.childId}#census-details`,
  caption: (l) => childDisplayName({ givenName: l.child.given_name, familyName: l.child.family_name }),
  intro: (l) =>
    l.details.current === undefined
      ? ['Nothing is recorded yet. The children in need census needs both for every child in need.']
      : [
          `Recorded now: ${ethnicityInWords(l.details.current.ethnicity)}; ${disabilitiesInWords(l.details.current.disabilities).toLowerCase()}.`,
          'A correction is kept with what it replaced, its reason, who made it and when.',
        ],
  back: (p) => ({ href: `/children/${p.childId}`, text: 'Back to the child’s record' }),
})
