import { z } from 'zod'
import { organisationKindOptions } from '../../../platform/identity/organisations.js'
import { select, text } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { csvLine } from '../domain/csv.js'
import { checkOrganisationsCsv, organisationColumns, type OrganisationRow } from '../domain/importRows.js'
import { areaStepAccess } from '../domain/policy.js'
import { addOrganisation } from './addOrganisation.js'

/** The form's fields, in the order of the import's columns, so one set of row checks serves both. */
const fieldFor: Readonly<Record<(typeof organisationColumns)[number], string>> = {
  name: 'name',
  kind: 'kind',
  urn: 'urn',
  ods_code: 'odsCode',
  phone: 'phone',
  email: 'email',
  safeguarding_lead: 'safeguardingLead',
  safeguarding_lead_email: 'safeguardingLeadEmail',
}

interface Area {
  readonly id: string
  readonly existingNames: ReadonlySet<string>
}

const asRow = (input: Record<string, unknown>): string =>
  `${csvLine(organisationColumns)}\n${csvLine(organisationColumns.map((c) => (input[fieldFor[c]] as string | undefined) ?? ''))}\n`

function checked(
  input: Record<string, unknown>,
  area: Area,
): { row?: OrganisationRow; problems: Record<string, string> } {
  const result = checkOrganisationsCsv(asRow(input), area.existingNames)
  if (result.ok) return { row: result.rows[0] as OrganisationRow, problems: {} }
  const problems: Record<string, string> = {}
  for (const p of result.problems) problems[fieldFor[p.column as keyof typeof fieldFor] ?? 'name'] ??= p.message
  return { problems }
}

/** Adds one organisation to the area, with the same checks as a row of the CSV import. */
export const createOrganisation = defineStep<Area, { id: string }>({
  operationId: 'createOrganisation',
  module: 'organisations',
  path: '/area/organisations/new',
  apiPath: '/area/organisations',
  title: 'Add an organisation',
  submitText: 'Add the organisation',
  fields: {
    name: text({ label: 'Name', required: 'Enter the organisation’s name', max: 200 }),
    kind: select({
      label: 'Kind of organisation',
      required: 'Choose the kind of organisation',
      options: organisationKindOptions,
    }),
    urn: text({ label: 'URN', hint: 'For a school, college or early years setting: 6 numbers', width: 10 }),
    odsCode: text({ label: 'ODS code', hint: 'For a GP practice, NHS trust or integrated care board', width: 10 }),
    phone: text({ label: 'Telephone', width: 20 }),
    email: text({ label: 'Email address', max: 320 }),
    safeguardingLead: text({ label: 'Safeguarding lead’s name', max: 200 }),
    safeguardingLeadEmail: text({ label: 'Safeguarding lead’s email address', max: 320 }),
  },
  load: async ({ tx, actor }) => {
    const names = await tx
      .selectFrom('organisation')
      .select('name')
      .where('local_area_id', '=', actor.localAreaId)
      .execute()
    return { id: actor.localAreaId, existingNames: new Set(names.map((n) => n.name.toLowerCase())) }
  },
  access: areaStepAccess,
  check: (input, area) => checked(input, area).problems,
  run: async ({ tx, now }, input, area) => {
    const { row } = checked(input, area)
    if (row === undefined) throw new Error('unreachable: checked before run')
    const id = await addOrganisation(tx, area.id, row, now)
    return ok({ id })
  },
  subject: (area) => ({ type: 'local_area', id: area.id }),
  action: 'organisations.organisation_created',
  auditDetails: (out, input) => ({ organisationId: out.id, name: input['name'], kind: input['kind'] }),
  output: z.object({ id: z.string() }),
  done: () => '/area?added=1',
  back: () => ({ href: '/area', text: 'Back to the organisations' }),
})
