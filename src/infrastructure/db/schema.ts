import type { ColumnType, Generated } from 'kysely'

/** Row types for Kysely, mirroring the numbered migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface LocalAreaTable {
  id: string
  name: string
  created_at: Timestamp
}

export interface OrganisationTable {
  id: string
  local_area_id: string
  name: string
  kind: string
  statutory_partner: Generated<boolean>
  created_at: Timestamp
}

export interface AppUserTable {
  id: string
  organisation_id: string
  email: string
  display_name: string
  roles: string[]
  password_hash: string | null
  totp_secret: string | null
  totp_last_step: ColumnType<string | null, string | number | null, string | number | null>
  failed_sign_ins: Generated<number>
  locked_until: Timestamp | null
  active: Generated<boolean>
  is_demo: Generated<boolean>
  created_at: Timestamp
}

export interface UserSessionTable {
  id_hash: string
  user_id: string
  stage: 'second_factor' | 'active'
  pending_totp_secret: string | null
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  ended_at: Timestamp | null
  ended_reason: string | null
}

export interface ApiTokenTable {
  token_hash: string
  user_id: string
  created_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
}

export interface InvitationTable {
  id: string
  token_hash: string
  user_id: string
  invited_by: string
  created_at: Timestamp
  expires_at: Timestamp
  accepted_at: Timestamp | null
}

export interface SettingTable {
  key: string
  value: ColumnType<unknown, string, string>
}

export interface AuditEventTable {
  seq: ColumnType<string, number | string, never>
  occurred_at: Timestamp
  actor_user_id: string | null
  actor_organisation_id: string | null
  actor_roles: string[]
  action: string
  subject_type: string | null
  subject_id: string | null
  reason: string | null
  correlation_id: string | null
  details: ColumnType<Record<string, unknown>, string, never>
  prev_hash: string
  hash: string
}

export interface AuditChainHeadTable {
  id: number
  last_seq: ColumnType<string, never, number | string>
  last_hash: string
}

/** Dates without a time (PostgreSQL `date`) travel as 'YYYY-MM-DD' strings; see database.ts. */
type DateOnly = ColumnType<string, string, string>

export interface TimescaleOverrideTable {
  id: string
  local_area_id: string
  rule_id: string
  amount: number | null
  unit: string | null
  reason: string
  created_by: string
  created_at: Timestamp
}

export interface LocalNonWorkingDayTable {
  id: string
  local_area_id: string
  day: DateOnly
  description: string
  created_by: string
  created_at: Timestamp
  removed_at: Timestamp | null
  removed_by: string | null
}

export interface DeadlineTable {
  id: string
  local_area_id: string
  organisation_id: string
  assigned_user_id: string | null
  rule_id: string
  subject_type: string
  subject_id: string
  child_id: string | null
  title: string
  started_on: DateOnly
  due_on: DateOnly
  national_due_on: DateOnly
  created_at: Timestamp
  completed_at: Timestamp | null
}

export interface DB {
  local_area: LocalAreaTable
  organisation: OrganisationTable
  app_user: AppUserTable
  user_session: UserSessionTable
  api_token: ApiTokenTable
  invitation: InvitationTable
  setting: SettingTable
  audit_event: AuditEventTable
  audit_chain_head: AuditChainHeadTable
  timescale_override: TimescaleOverrideTable
  local_non_working_day: LocalNonWorkingDayTable
  deadline: DeadlineTable
}
