import { sql, type Kysely, type Transaction } from 'kysely'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import type { DB } from '../../../platform/db/schema.js'
import {
  inForce,
  partnershipSettings,
  settingDefinition,
  type PartnershipSettingId,
  type StoredSettings,
} from '../domain/partnershipSettings.js'

type Q = Kysely<DB> | Transaction<DB>

export interface SettingChangeRecord {
  readonly changeId: string
  readonly setting: PartnershipSettingId
  readonly from: number | null
  readonly to: number
  readonly reason: string
  readonly changedBy: string
  readonly changedByOrganisation: string
  readonly changedAt: Date
}

export interface PartnershipSettingsView {
  readonly localAreaId: string
  readonly stored: StoredSettings
  /** Each setting: its default, the value in force, and whether (and by which change) the partnership set it. */
  readonly settings: readonly {
    readonly id: PartnershipSettingId
    readonly defaultValue: number
    readonly current: number
    readonly setByPartnership: boolean
    /** The change that set the value in force, when there is one in the history. */
    readonly lastChange: SettingChangeRecord | undefined
  }[]
  /** Every change, newest first. */
  readonly history: readonly SettingChangeRecord[]
}

/**
 * The partnership's settings for working together on one child as they stand, with their history. `forUpdate`
 * takes a lock per local area, held to the end of the transaction, so two leads changing the settings at the same
 * moment take turns and each change's "from" is the value the other left.
 */
export async function loadPartnershipSettings(
  db: Q,
  localAreaId: string,
  options: LoadOptions = {},
): Promise<PartnershipSettingsView> {
  if (options.forUpdate === true)
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`sharing-settings:${localAreaId}`}, 0))`.execute(db)
  const [row, changes] = await Promise.all([
    db
      .selectFrom('sharing_setting')
      .select(['open_record_hours', 'repeated_concerns_count', 'repeated_concerns_days'])
      .where('local_area_id', '=', localAreaId)
      .executeTakeFirst(),
    db
      .selectFrom('sharing_setting_change as c')
      .innerJoin('app_user as u', 'u.id', 'c.changed_by')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select([
        'c.change_id',
        'c.setting',
        'c.old_value',
        'c.new_value',
        'c.reason',
        'c.changed_at',
        'u.display_name',
        'o.name as organisation',
      ])
      .where('c.local_area_id', '=', localAreaId)
      .orderBy('c.changed_at', 'desc')
      .orderBy('c.setting')
      .execute(),
  ])
  const history: SettingChangeRecord[] = changes.map((c) => ({
    changeId: c.change_id,
    setting: c.setting,
    from: c.old_value,
    to: c.new_value,
    reason: c.reason,
    changedBy: c.display_name,
    changedByOrganisation: c.organisation,
    changedAt: c.changed_at,
  }))
  const lastChange = (id: PartnershipSettingId) => history.find((h) => h.setting === id)
  // A stored value counts as the partnership's own when a recorded change set it, or when it differs from the
  // default. The open-record duration has always been stored (migration 0009 made it required), and the two
  // numbers of the threshold are stored together, so a stored value equal to the default with no change behind
  // it is the default in force, not a decision.
  const own = (id: PartnershipSettingId, value: number | null | undefined): number | null =>
    value === null || value === undefined
      ? null
      : lastChange(id) === undefined && value === settingDefinition(id).defaultValue
        ? null
        : value
  const stored: StoredSettings = {
    repeated_concerns_count: own('repeated_concerns_count', row?.repeated_concerns_count),
    repeated_concerns_days: own('repeated_concerns_days', row?.repeated_concerns_days),
    open_record_hours: own('open_record_hours', row?.open_record_hours),
  }
  return {
    localAreaId,
    stored,
    settings: partnershipSettings.map((s) => ({
      id: s.id,
      defaultValue: s.defaultValue,
      current: inForce(stored, s.id),
      setByPartnership: stored[s.id] !== null,
      lastChange: stored[s.id] === null ? undefined : lastChange(s.id),
    })),
    history,
  }
}
