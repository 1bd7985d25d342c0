/**
 * A safeguarding partnership's settings for working together on one child, as its lead sees and changes them
 * (issue 11, items 5 and 7): how many concerns within how many days make "repeated concerns", and how long a
 * record opened with a reason stays open. Local choices, not statutory timescales: Together starts every
 * partnership on a default and says so; a change is kept with who made it, when, the value before and after,
 * and why.
 */
import { formatLongDate } from '../../../platform/calendar/localDate.js'
import { todayInEngland } from '../../../platform/calendar/london.js'
import { DEFAULT_REPEATED_CONCERNS } from '../../concerns/domain/repeatedConcerns.js'
import { DEFAULT_SHARING_SETTINGS } from './settings.js'

export const partnershipSettingIds = ['repeated_concerns_count', 'repeated_concerns_days', 'open_record_hours'] as const
export type PartnershipSettingId = (typeof partnershipSettingIds)[number]

export interface SettingDefinition {
  readonly id: PartnershipSettingId
  /** The form's field name and the API's. */
  readonly field: 'repeatedConcernsCount' | 'repeatedConcernsDays' | 'openRecordHours'
  readonly label: string
  readonly hint: string
  /** The thing counted, for "3 concerns", "90 days", "24 hours". */
  readonly unit: readonly [one: string, many: string]
  readonly min: number
  readonly max: number
  readonly defaultValue: number
  /** Where the default comes from, in words. */
  readonly defaultSource: string
}

const TOGETHER_DEFAULT =
  'Together’s starting value for every partnership. It is a local choice, not a rule in law or national guidance: each safeguarding partnership may set its own.'

/**
 * The settings, in the order the page shows them. The bounds keep a setting useful: a threshold of 1 would tell
 * on every concern and one above 20 never; a window under a week or over a year loses the pattern; a record
 * opened with a reason should close within 3 days (a longer need is a sharing decision, not an emergency).
 */
export const partnershipSettings: readonly SettingDefinition[] = [
  {
    id: 'repeated_concerns_count',
    field: 'repeatedConcernsCount',
    label: 'Repeated concerns: how many concerns',
    hint: 'When this many concerns about one child are recorded, by any agencies, within the number of days below, the safeguarding leads who recorded them are told, and so is the local authority if it is working with the child. From 2 to 20.',
    unit: ['concern', 'concerns'],
    min: 2,
    max: 20,
    defaultValue: DEFAULT_REPEATED_CONCERNS.count,
    defaultSource: TOGETHER_DEFAULT,
  },
  {
    id: 'repeated_concerns_days',
    field: 'repeatedConcernsDays',
    label: 'Repeated concerns: within how many days',
    hint: 'Counted back from the newest concern. From 7 to 365.',
    unit: ['day', 'days'],
    min: 7,
    max: 365,
    defaultValue: DEFAULT_REPEATED_CONCERNS.withinDays,
    defaultSource: TOGETHER_DEFAULT,
  },
  {
    id: 'open_record_hours',
    field: 'openRecordHours',
    label: 'Opening a record with a reason: how many hours it stays open',
    hint: 'How long someone whose organisation is not involved with a child can see the child’s record after giving a reason. From 1 to 72.',
    unit: ['hour', 'hours'],
    min: 1,
    max: 72,
    defaultValue: DEFAULT_SHARING_SETTINGS.openRecordHours,
    defaultSource: TOGETHER_DEFAULT,
  },
]

export const settingDefinition = (id: PartnershipSettingId): SettingDefinition => {
  const found = partnershipSettings.find((s) => s.id === id)
  if (found === undefined) throw new Error(`no setting ${id}`)
  return found
}

/** "3 concerns", "1 hour". */
export const settingInWords = (id: PartnershipSettingId, value: number): string => {
  const [one, many] = settingDefinition(id).unit
  return `${value} ${value === 1 ? one : many}`
}

/** What the partnership has stored for each setting; null means the default is in force. */
export type StoredSettings = Readonly<Record<PartnershipSettingId, number | null>>

export type ProposedSettings = Readonly<Record<PartnershipSettingId, number>>

export interface SettingChange {
  readonly setting: PartnershipSettingId
  /** Null: the default was in force. */
  readonly from: number | null
  readonly to: number
}

/** The value in force: the partnership's own, or the default. */
export const inForce = (stored: StoredSettings, id: PartnershipSettingId): number =>
  stored[id] ?? settingDefinition(id).defaultValue

/**
 * What a change would change: each setting whose value in force differs from the one proposed. Sending the
 * values already in force changes nothing (and so records nothing).
 */
export function settingChanges(stored: StoredSettings, proposed: ProposedSettings): SettingChange[] {
  return partnershipSettingIds
    .filter((id) => inForce(stored, id) !== proposed[id])
    .map((id) => ({ setting: id, from: stored[id], to: proposed[id] }))
}

/** A whole number within a setting's bounds, or the message to show (GOV.UK style). */
export function checkSettingValue(
  id: PartnershipSettingId,
  raw: string | number | undefined,
): { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string } {
  const s = settingDefinition(id)
  const name = settingName[id]
  const text = typeof raw === 'number' ? String(raw) : (raw ?? '').trim()
  if (text === '') return { ok: false, message: `Enter ${name}` }
  if (!/^\d+$/.test(text))
    return { ok: false, message: `${capital(name)} must be a whole number, like ${s.defaultValue}` }
  const value = Number(text)
  if (value < s.min || value > s.max)
    return { ok: false, message: `${capital(name)} must be between ${s.min} and ${s.max}` }
  return { ok: true, value }
}

/** How each setting is named inside a sentence ("Enter the number of concerns"). */
export const settingName: Readonly<Record<PartnershipSettingId, string>> = {
  repeated_concerns_count: 'the number of concerns',
  repeated_concerns_days: 'the number of days',
  open_record_hours: 'the number of hours',
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1)

/** Where the value in force comes from, in words, for the repeated-concerns warning and the settings page. */
export function partnershipSource(changedAt: Date, changedBy: string, reason: string): string {
  return `Set by the safeguarding partnership (${changedBy}, ${formatLongDate(todayInEngland(changedAt))}): ${reason}`
}
