import { readFile } from 'node:fs/promises'
import { importOrganisations, importUsers } from '../modules/organisations/steps/importArea.js'
import { parseOptions } from './args.js'
import { operatorName, withDatabase } from './bootstrap.js'
import { USAGE_ERROR, type CliIo } from './io.js'

const usage = `Usage: together import organisations <file.csv> --area <local area name or id> [--dry-run]
       together import users <file.csv> --area <local area name or id> [--dry-run]
Organisations: name,kind,urn,ods_code,phone,email,safeguarding_lead,safeguarding_lead_email
People: organisation,email,name,roles (roles separated by semicolons)
Every row is checked first; if any is wrong, every problem is listed and nothing is imported.`

/** `together import organisations|users <file>`: the same all-or-nothing import as the area page. */
export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const [what, ...rest] = args
  const { options, positional, problems } = parseOptions(rest, ['dry-run'])
  const area = options.get('area')?.[0]
  const file = positional[0]
  if (what !== 'organisations' && what !== 'users') problems.push('say what to import: organisations or users')
  if (file === undefined || positional.length > 1) problems.push('give one CSV file')
  if (area === undefined) problems.push('--area is required')
  if (problems.length > 0 || file === undefined || area === undefined) {
    io.err(`${problems.join('\n')}\n\n${usage}`)
    return USAGE_ERROR
  }
  let csv: string
  try {
    csv = await readFile(file, 'utf8')
  } catch {
    io.err(`Cannot read ${file}`)
    return USAGE_ERROR
  }
  const dryRun = options.has('dry-run')
  return withDatabase('attach', async ({ deps }) => {
    const who = { kind: 'operator' as const, operator: operatorName() }
    const result =
      what === 'organisations'
        ? await importOrganisations(deps, who, { localArea: area, csv, dryRun })
        : await importUsers(deps, who, { localArea: area, csv, dryRun })
    if (!result.ok) {
      io.err(result.error.message)
      if (result.error.code === 'IMPORT.INVALID')
        for (const p of result.error.problems)
          io.err(`  row ${p.row}${p.column === '' ? '' : ` (${p.column})`}: ${p.message}`)
      return 1
    }
    const n = result.value.rows.length
    const noun = what === 'organisations' ? (n === 1 ? 'organisation' : 'organisations') : n === 1 ? 'person' : 'people'
    io.out(`${dryRun ? 'Checked' : 'Imported'} ${n} ${noun}${dryRun ? ': nothing written' : ''}.`)
    return 0
  })
}
