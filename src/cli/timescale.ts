/**
 * `together timescale list` and `together timescale due <rule-id> <YYYY-MM-DD> [--partnership <id>]`.
 *
 * `due` prints only the date on stdout, so scripts can use it; everything else goes to stderr. Without
 * `--partnership` it needs no database and loads none: nothing database-related is imported at the top of
 * this module.
 *
 * `--partnership <id>` applies that partnership's local timescales and extra non-working days. They come
 * from the application layer, imported only when the option is used, through this contract:
 *
 *   // src/application/timescales/loadPartnershipCalendar.ts
 *   export async function loadPartnershipTimescales(
 *     partnershipId: string,
 *   ): Promise<Result<PartnershipTimescales, DomainError>>
 *
 * where `PartnershipTimescales` is `{ overrides: ReadonlyMap<ruleId, TimescaleOverride>,
 * extraNonWorkingDays: readonly LocalDate[] }` (src/domain/timescales/partnership.ts). The function opens
 * and closes its own database connection (this is a one-shot command), returns an error result such as
 * `PARTNERSHIP.NOT_FOUND` for an unknown id, and throws only for outages. Until that module exists,
 * `--partnership` fails with exit code 2 and says why.
 */
import { USAGE_ERROR, type CliIo } from './io.js'
import { createCalendar } from '../platform/calendar/calendar.js'
import { formatLocalDate, parseLocalDate } from '../platform/calendar/localDate.js'
import { dueDate } from '../modules/timescales/domain/dueDate.js'
import type { PartnershipTimescales } from '../modules/timescales/domain/partnership.js'
import { findRule, timescaleRules, type TimescaleUnit } from '../modules/timescales/domain/rules.js'
import { domainError, err, ok, type DomainError, type Result } from '../platform/shared/result.js'

export type PartnershipLoader = (partnershipId: string) => Promise<Result<PartnershipTimescales, DomainError>>

const USAGE = [
  'Usage:',
  '  together timescale list',
  '  together timescale due <rule-id> <YYYY-MM-DD> [--partnership <id>]',
].join('\n')

const LOADER_MODULE = '../modules/timescales/queries/loadPartnershipCalendar.js'

/** Imports the partnership loader on first use; exported with a module path parameter for tests. */
export async function importPartnershipLoader(
  moduleUrl = new URL(LOADER_MODULE, import.meta.url).href,
): Promise<PartnershipLoader> {
  const unavailable: PartnershipLoader = async () =>
    err(domainError('TIMESCALE.PARTNERSHIP_UNAVAILABLE', '--partnership needs the database: not available yet.'))
  let loaded: Record<string, unknown>
  try {
    // A computed specifier, so the type checker does not require the module to exist yet.
    loaded = (await import(moduleUrl)) as Record<string, unknown>
  } catch (error) {
    const missing =
      (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes('loadPartnershipCalendar')
    if (missing) return unavailable
    throw error
  }
  const load = loaded['loadPartnershipTimescales']
  return typeof load === 'function' ? (load as PartnershipLoader) : unavailable
}

const defaultLoader: PartnershipLoader = async (partnershipId) => (await importPartnershipLoader())(partnershipId)

export async function timescale(args: string[], io: CliIo): Promise<number> {
  return runTimescale(args, io, defaultLoader)
}

/** As `timescale`, with the partnership loader passed in (tests use a fake one). */
export async function runTimescale(args: string[], io: CliIo, loadPartnership: PartnershipLoader): Promise<number> {
  const [subcommand, ...rest] = args
  switch (subcommand) {
    case 'list':
      if (rest.length > 0) return usageError(io, `"timescale list" takes no arguments.`)
      io.out(formatRuleTable())
      return 0
    case 'due':
      return due(rest, io, loadPartnership)
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE)
      return 0
    case undefined:
      return usageError(io, 'Say what to do: list or due.')
    default:
      return usageError(io, `Unknown timescale command "${subcommand}".`)
  }
}

function usageError(io: CliIo, message: string): number {
  io.err(`${message}\n\n${USAGE}`)
  return USAGE_ERROR
}

interface DueArgs {
  readonly ruleId: string
  readonly start: string
  readonly partnershipId: string | undefined
}

function parseDueArgs(args: readonly string[]): Result<DueArgs, string> {
  const positional: string[] = []
  let partnershipId: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--partnership' || arg.startsWith('--partnership=')) {
      const value = arg === '--partnership' ? args[++i] : arg.slice('--partnership='.length)
      if (value === undefined || value === '' || value.startsWith('--'))
        return err('--partnership needs a partnership id.')
      if (partnershipId !== undefined) return err('Give --partnership only once.')
      partnershipId = value
    } else if (arg.startsWith('--')) {
      return err(`Unknown option "${arg}".`)
    } else {
      positional.push(arg)
    }
  }
  const [ruleId, start, ...extra] = positional
  if (ruleId === undefined || start === undefined) return err('"timescale due" needs a rule id and a start date.')
  if (extra.length > 0) return err(`Unexpected argument "${extra.join(' ')}".`)
  return ok({ ruleId, start, partnershipId })
}

async function due(args: readonly string[], io: CliIo, loadPartnership: PartnershipLoader): Promise<number> {
  const parsed = parseDueArgs(args)
  if (!parsed.ok) return usageError(io, parsed.error)
  const { ruleId, start, partnershipId } = parsed.value

  const rule = findRule(ruleId)
  if (!rule.ok) {
    io.err(`${rule.error.message} Run "together timescale list" to see the rules.`)
    return USAGE_ERROR
  }
  const startDate = parseLocalDate(start)
  if (!startDate.ok) {
    io.err(startDate.error.message)
    return USAGE_ERROR
  }

  let partnership: PartnershipTimescales | undefined
  if (partnershipId !== undefined) {
    const loaded = await loadPartnership(partnershipId)
    if (!loaded.ok) {
      io.err(loaded.error.message)
      return USAGE_ERROR
    }
    partnership = loaded.value
  }

  const calendar = createCalendar(partnership?.extraNonWorkingDays)
  const result = dueDate(rule.value, startDate.value, calendar, partnership?.overrides.get(rule.value.id))
  if (!result.ok) {
    io.err(result.error.message)
    return USAGE_ERROR
  }
  if (!calendar.hasBankHolidayData(startDate.value) || !calendar.hasBankHolidayData(result.value)) {
    // Missing bank holidays make the date early, never late, but the user should know.
    const { first, last } = calendar.bankHolidayYears
    io.err(
      `Note: bank holidays are only known for ${first}–${last}; outside those years only weekends${partnership ? ' and the partnership’s extra days' : ''} are skipped, so the date may be early.`,
    )
  }
  io.out(formatLocalDate(result.value))
  return 0
}

const UNIT_TEXT: Readonly<Record<TimescaleUnit, readonly [one: string, many: string]>> = {
  working_days: ['working day', 'working days'],
  calendar_days: ['calendar day', 'calendar days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  years: ['year', 'years'],
}

/** An aligned, plain-text table: one rule per line, source last because it is the longest. */
export function formatRuleTable(): string {
  const header = ['ID', 'NAME', 'AMOUNT', 'UNIT', 'SOURCE']
  const rows = timescaleRules.map((rule) => [
    rule.id,
    rule.name,
    String(rule.amount),
    UNIT_TEXT[rule.unit][rule.amount === 1 ? 0 : 1],
    `${rule.source.document}, ${rule.source.section}`,
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')
  return [header, ...rows].map(line).join('\n')
}
