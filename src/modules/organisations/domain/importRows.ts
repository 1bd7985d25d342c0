import {
  organisationKindLabels,
  organisationKinds,
  type OrganisationKind,
} from '../../../platform/identity/organisations.js'
import { roleLabels, roles as allRoles, rolesAllowedIn, type Role } from '../../../platform/identity/roles.js'
import { parseCsv } from './csv.js'
import { isEarlyYearsReference, isEmail, isOdsCode, isPhone, isUrn, odsExample, type OdsKind } from './identifiers.js'

/** One thing wrong with one row, as the preview lists it: the row number is the line a spreadsheet shows. */
export interface RowProblem {
  readonly row: number
  readonly column: string
  readonly message: string
}

export type Checked<T> =
  | { readonly ok: true; readonly rows: readonly T[] }
  | { readonly ok: false; readonly problems: readonly RowProblem[]; readonly rowCount: number }

/** An import of more than this many rows is split: a preview must stay readable and a transaction short. */
export const MAX_IMPORT_ROWS = 5000

export interface OrganisationRow {
  readonly row: number
  readonly name: string
  readonly kind: OrganisationKind
  readonly urn: string | null
  readonly odsCode: string | null
  readonly contactPhone: string | null
  readonly contactEmail: string | null
  readonly safeguardingLeadName: string | null
  readonly safeguardingLeadEmail: string | null
}

export interface UserRow {
  readonly row: number
  readonly organisation: string
  readonly email: string
  readonly displayName: string
  readonly roles: readonly Role[]
}

export const organisationColumns = [
  'name',
  'kind',
  'urn',
  'ods_code',
  'phone',
  'email',
  'safeguarding_lead',
  'safeguarding_lead_email',
] as const
export const userColumns = ['organisation', 'email', 'name', 'roles'] as const

const norm = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** Kinds and roles may be written as the code (school) or as the words on screen (School). */
const kindByWords = new Map<string, OrganisationKind>(
  organisationKinds.flatMap((k) => [
    [norm(k), k],
    [norm(organisationKindLabels[k]), k],
  ]),
)
const roleByWords = new Map<string, Role>(
  allRoles.flatMap((r) => [
    [norm(r), r],
    [norm(roleLabels[r]), r],
  ]),
)

const urnKinds: ReadonlySet<OrganisationKind> = new Set(['school', 'college', 'early_years'])
const odsKinds: ReadonlySet<OrganisationKind> = new Set(['gp_practice', 'nhs_trust', 'icb'])

type Table = { readonly records: readonly Readonly<Record<string, string>>[]; readonly firstRow: number }

function readTable(
  text: string,
  columns: readonly string[],
  required: readonly string[],
): { ok: true; table: Table } | { ok: false; problems: RowProblem[] } {
  const parsed = parseCsv(text)
  if (!parsed.ok) return { ok: false, problems: [{ row: parsed.line, column: '', message: parsed.message }] }
  const [header, ...body] = parsed.rows
  if (header === undefined) return { ok: false, problems: [{ row: 1, column: '', message: 'The file is empty' }] }
  const headings = header.map(norm)
  const problems: RowProblem[] = []
  for (const r of required)
    if (!headings.includes(r))
      problems.push({ row: 1, column: r, message: `The first row must have a column called ${r}` })
  headings.forEach((h, i) => {
    if (!columns.includes(h))
      problems.push({ row: 1, column: header[i] ?? '', message: `"${header[i] ?? ''}" is not a column Together knows` })
  })
  if (body.length === 0) problems.push({ row: 2, column: '', message: 'The file has headings but no rows' })
  if (body.length > MAX_IMPORT_ROWS)
    problems.push({
      row: 1,
      column: '',
      message: `The file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time`,
    })
  if (problems.length > 0) return { ok: false, problems }
  const records = body.map((cells, i) => {
    const record: Record<string, string> = {}
    headings.forEach((h, c) => {
      record[h] = (cells[c] ?? '').trim()
    })
    if (cells.length > headings.length) record['__extra'] = String(i)
    return record
  })
  return { ok: true, table: { records, firstRow: 2 } }
}

/**
 * Every row of a CSV read by `checkRow`, which says what is wrong with the row through `problem` and answers what
 * it read (nothing when the row cannot be read at all): every problem in the file at once, or, when there is
 * none, every row.
 */
function checkEveryRow<T>(
  text: string,
  columns: readonly string[],
  required: readonly string[],
  checkRow: (
    record: Readonly<Record<string, string>>,
    row: number,
    problem: (column: string, message: string) => void,
  ) => T | undefined,
): Checked<T> {
  const read = readTable(text, columns, required)
  if (!read.ok) return { ok: false, problems: read.problems, rowCount: 0 }
  const problems: RowProblem[] = []
  const rows: T[] = []
  read.table.records.forEach((r, i) => {
    const row = read.table.firstRow + i
    const problem = (column: string, message: string) => problems.push({ row, column, message })
    if (r['__extra'] !== undefined) problem('', 'The row has more values than there are headings')
    const checked = checkRow(r, row, problem)
    if (checked !== undefined) rows.push(checked)
  })
  if (problems.length > 0) return { ok: false, problems, rowCount: read.table.records.length }
  return { ok: true, rows }
}

const blankToNull = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s)

/**
 * Checks every row of an organisations CSV for a local area. `existingNames` are organisations already in the
 * area (lower case); a name there or twice in the file is a problem, because names identify organisations in the
 * users file and on screen. Every row is checked, so the preview lists every problem at once.
 */
export function checkOrganisationsCsv(text: string, existingNames: ReadonlySet<string>): Checked<OrganisationRow> {
  const seen = new Map<string, number>()
  return checkEveryRow(text, organisationColumns, ['name', 'kind'], (r, row, problem) => {
    const name = r['name'] ?? ''
    if (name === '') problem('name', 'Enter the organisation’s name')
    else if (name.length > 200) problem('name', 'The name must be 200 characters or fewer')
    else if (existingNames.has(name.toLowerCase())) problem('name', `${name} is already an organisation in this area`)
    else if (seen.has(name.toLowerCase()))
      problem('name', `${name} is also on row ${seen.get(name.toLowerCase()) ?? ''}`)
    else seen.set(name.toLowerCase(), row)
    const kindText = r['kind'] ?? ''
    const kind = kindByWords.get(norm(kindText))
    if (kindText === '') problem('kind', 'Enter the kind of organisation')
    else if (kind === undefined) problem('kind', `"${kindText}" is not a kind of organisation Together knows`)
    const urn = blankToNull(r['urn'])
    const ods = blankToNull(r['ods_code']?.toUpperCase())
    if (kind !== undefined) {
      if (urnKinds.has(kind)) {
        if (urn === null) problem('urn', `Enter the URN of ${organisationKindLabels[kind].toLowerCase()} ${name}`)
        else if (kind === 'early_years' ? !isEarlyYearsReference(urn) : !isUrn(urn))
          problem(
            'urn',
            kind === 'early_years'
              ? 'An early years URN is 6 numbers, or EY and 6 numbers'
              : 'A URN is 6 numbers, like 100000',
          )
      } else if (urn !== null) problem('urn', `Leave the URN blank for a ${organisationKindLabels[kind].toLowerCase()}`)
      if (odsKinds.has(kind)) {
        if (ods === null) problem('ods_code', `Enter the ODS code of ${name}`)
        else if (!isOdsCode(kind as OdsKind, ods))
          problem(
            'ods_code',
            `The ODS code of a ${organisationKindLabels[kind].toLowerCase()} is ${odsExample[kind as OdsKind]}`,
          )
      } else if (ods !== null)
        problem('ods_code', `Leave the ODS code blank for a ${organisationKindLabels[kind].toLowerCase()}`)
    }
    const phone = blankToNull(r['phone'])
    if (phone !== null && !isPhone(phone)) problem('phone', 'Enter a UK telephone number, like 01632 960 123')
    const email = blankToNull(r['email']?.toLowerCase())
    if (email !== null && !isEmail(email)) problem('email', 'Enter an email address in the correct format')
    const leadName = blankToNull(r['safeguarding_lead'])
    const leadEmail = blankToNull(r['safeguarding_lead_email']?.toLowerCase())
    if (leadEmail !== null && !isEmail(leadEmail))
      problem('safeguarding_lead_email', 'Enter the safeguarding lead’s email address in the correct format')
    if (leadEmail !== null && leadName === null) problem('safeguarding_lead', 'Enter the safeguarding lead’s name')
    return kind === undefined || name === ''
      ? undefined
      : {
          row,
          name,
          kind,
          urn,
          odsCode: ods,
          contactPhone: phone,
          contactEmail: email,
          safeguardingLeadName: leadName,
          safeguardingLeadEmail: leadEmail,
        }
  })
}

/**
 * Checks every row of a people CSV. `organisationKinds` maps each organisation a row may name (lower case) to its
 * kind; `takenEmails` are addresses that already have an account (lower case). A role must be one the
 * organisation's kind allows (the same table the invitation form uses).
 */
export function checkUsersCsv(
  text: string,
  organisationKindsByName: ReadonlyMap<string, OrganisationKind>,
  takenEmails: ReadonlySet<string>,
): Checked<UserRow> {
  const seen = new Map<string, number>()
  return checkEveryRow(text, userColumns, userColumns, (r, row, problem) => {
    const organisation = r['organisation'] ?? ''
    const kind = organisationKindsByName.get(organisation.toLowerCase())
    if (organisation === '') problem('organisation', 'Enter the organisation the person works for')
    else if (kind === undefined) problem('organisation', `There is no organisation called ${organisation} in this area`)
    const email = (r['email'] ?? '').toLowerCase()
    if (email === '') problem('email', 'Enter the person’s email address')
    else if (!isEmail(email)) problem('email', 'Enter an email address in the correct format')
    else if (takenEmails.has(email)) problem('email', `Someone already has an account with ${email}`)
    else if (seen.has(email)) problem('email', `${email} is also on row ${seen.get(email) ?? ''}`)
    else seen.set(email, row)
    const displayName = r['name'] ?? ''
    if (displayName === '') problem('name', 'Enter the person’s full name')
    else if (displayName.length > 200) problem('name', 'The name must be 200 characters or fewer')
    const roleTexts = (r['roles'] ?? '')
      .split(/[;|]/)
      .map((s) => s.trim())
      .filter((s) => s !== '')
    const wanted: Role[] = []
    if (roleTexts.length === 0) problem('roles', 'Enter at least one role, separated by semicolons')
    for (const t of roleTexts) {
      const role = roleByWords.get(norm(t))
      if (role === undefined) problem('roles', `"${t}" is not a role Together knows`)
      else if (kind !== undefined && !rolesAllowedIn[kind].includes(role))
        problem('roles', `${roleLabels[role]} is not a role in a ${organisationKindLabels[kind].toLowerCase()}`)
      else if (!wanted.includes(role)) wanted.push(role)
    }
    return { row, organisation, email, displayName, roles: wanted }
  })
}
