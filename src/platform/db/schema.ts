import type { ColumnType, Generated } from 'kysely'

/** Row types for Kysely, mirroring the numbered migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface LocalAreaTable {
  id: string
  name: string
  created_at: Timestamp
  /** The DfE three-digit local authority number (CIN census LEA); migration 0013. */
  la_code: Generated<string | null>
}

/** One change of an area's DfE local authority number (migration 0026). Append-only. */
export interface LocalAreaChangeTable {
  id: string
  seq: Generated<string>
  local_area_id: string
  /** Null: no number was set. */
  old_la_code: string | null
  new_la_code: string
  reason: string
  changed_by: string
  changed_at: Timestamp
}

/** A child's census ethnicity and disability codes as recorded (migration 0026). Append-only: the newest counts. */
export interface ChildCensusDetailTable {
  id: string
  seq: Generated<string>
  child_id: string
  ethnicity: string
  disabilities: string[]
  reason: string | null
  recorded_by: string
  recorded_by_organisation_id: string
  recorded_at: Timestamp
}

export interface OrganisationTable {
  id: string
  local_area_id: string
  name: string
  kind: string
  statutory_partner: Generated<boolean>
  created_at: Timestamp
  /** Whom other agencies call (for a local authority, its front door); NULL when not recorded. */
  contact_phone: Generated<string | null>
  contact_email: Generated<string | null>
  /** Migration 0013: an NHS body's ODS code, the safeguarding lead. */
  ods_code: Generated<string | null>
  safeguarding_lead_name: Generated<string | null>
  safeguarding_lead_email: Generated<string | null>
  works_across_areas: Generated<boolean>
  /** A school's, college's or early years setting's unique reference number (Get Information About Schools) (0012). */
  urn: Generated<string | null>
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
  /** Assigned by the audit_event_number trigger (migration 0004); whatever is sent is replaced. */
  seq: ColumnType<string, never, never>
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
}

/** The hash chain over audit_event, written after commit by the sealer (migration 0004). */
export interface AuditSealTable {
  position: ColumnType<string, string, never>
  seq: ColumnType<string, string, never>
  prev_hash: ColumnType<string, string, never>
  hash: ColumnType<string, string, never>
}

/** Every distinct word of every child's and alias's search_name, kept by triggers (migration 0004). */
export interface NameWordTable {
  word: ColumnType<string, never, never>
}

export interface AuditChainHeadTable {
  id: number
  /** Every audit_event row with seq up to here is sealed (or was never committed). */
  sealed_through: ColumnType<string, never, string>
  last_position: ColumnType<string, never, string>
  last_hash: string
}

/** Dates without a time (PostgreSQL `date`) travel as 'YYYY-MM-DD' strings; see database.ts. */
type DateOnly = ColumnType<string, string, string>

export interface TimescaleOverrideTable {
  id: string
  seq: Generated<string>
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
  /** Due date set by its workflow (school days, a chosen review date), not re-derived from the rule (0012). */
  fixed_due: Generated<boolean>
}

export interface PersonTable {
  id: string
  given_name: string
  family_name: string
  date_of_birth: DateOnly | null
  created_by: string
  created_at: Timestamp
}

export interface ChildTable {
  id: string
  local_area_id: string
  given_name: string
  family_name: string
  search_name: string
  date_of_birth: DateOnly | null
  expected_date_of_delivery: DateOnly | null
  sex: 'female' | 'male' | 'unknown'
  /** CIN census ethnicity code (ethnicity_code table); NULL until recorded. */
  ethnicity: Generated<string | null>
  /** CIN census disability codes; ['NONE'] for none, NULL until recorded. */
  disabilities: Generated<string[] | null>
  nhs_number: string | null
  upn: string | null
  /** Normalised ("SW1A 1AA"), when known (migration 0009). */
  postcode: Generated<string | null>
  mother_person_id: string | null
  created_by: string
  created_by_organisation_id: string
  created_at: Timestamp
}

export interface ChildAliasTable {
  id: string
  child_id: string
  given_name: string
  family_name: string
  search_name: string
  created_by: string
  created_at: Timestamp
}

/** A correction to a child's identity (migration 0014): append-only; the database refuses UPDATE and DELETE. */
export interface ChildCorrectionTable {
  id: string
  seq: Generated<string>
  child_id: string
  kind: 'name' | 'date_of_birth' | 'sex' | 'nhs_number' | 'upn' | 'alias' | 'birth'
  given_name: string | null
  family_name: string | null
  search_name: string | null
  date_of_birth: DateOnly | null
  sex: 'female' | 'male' | 'unknown' | null
  nhs_number: string | null
  upn: string | null
  /** What the corrected fields held before ({ nhsNumber: '…' }). */
  previous: Json
  reason: string
  corrected_by: string
  corrected_by_organisation_id: string
  corrected_at: Timestamp
}

/**
 * The child as known now: the child row with its corrections applied (a view, migration 0014), so the child's own
 * columns; a view is only read, so its postcode is a plain value rather than Generated.
 */
export type ChildCurrentView = Pick<
  ChildTable,
  | 'id'
  | 'local_area_id'
  | 'given_name'
  | 'family_name'
  | 'search_name'
  | 'date_of_birth'
  | 'expected_date_of_delivery'
  | 'sex'
  | 'nhs_number'
  | 'upn'
  | 'created_by_organisation_id'
> & { postcode: string | null }

export interface DataProtectionComplaintTable {
  id: string
  reference: string
  organisation_id: string
  complainant_name: string
  complainant_contact: string
  received_on: DateOnly
  received_how: 'email' | 'letter' | 'phone' | 'in_person' | 'online'
  summary: string
  recorded_by: string
  recorded_at: Timestamp
  deadline_id: string
}

export interface DataProtectionComplaintAcknowledgementTable {
  complaint_id: string
  acknowledged_on: DateOnly
  sent_how: 'email' | 'letter' | 'phone' | 'in_person'
  recorded_by: string
  recorded_at: Timestamp
}

export interface DataProtectionComplaintOutcomeTable {
  complaint_id: string
  decided_on: DateOnly
  outcome: 'upheld' | 'partly_upheld' | 'not_upheld' | 'withdrawn'
  response: string
  recorded_by: string
  recorded_at: Timestamp
}

export interface SubjectAccessRequestTable {
  id: string
  child_id: string
  organisation_id: string
  requester: 'child' | 'parent' | 'representative'
  requester_name: string
  received_on: DateOnly
  identity_verified: boolean
  recorded_by: string
  recorded_at: Timestamp
  deadline_id: string
  extended_at: Timestamp | null
  extension_reason: string | null
  exported_at: Timestamp | null
  exported_by: string | null
}

export interface SubjectAccessRedactionTable {
  id: string
  request_id: string
  entry_key: string
  entry_label: string
  ground: 'third_party' | 'identity_at_risk' | 'serious_harm'
  explanation: string
  decided_by: string
  decided_at: Timestamp
}

export interface ChildRelationshipTable {
  id: string
  child_id: string
  related_child_id: string | null
  related_person_id: string | null
  relationship: string
  same_household: boolean
  created_by: string
  created_at: Timestamp
}

export interface InvolvementTable {
  child_id: string
  organisation_id: string
  reason: string
  since: Timestamp
}

export interface ConcernTable {
  id: string
  reference: string
  organisation_id: string
  local_area_id: string
  author_user_id: string
  observed_at: Timestamp
  place: string
  facts: string
  child_words: string
  others_present: string
  categories: string[]
  other_category: string | null
  immediate_danger: boolean
  police_called_at: Timestamp | null
  police_reference: string | null
  action_taken: string
  body_map: ColumnType<unknown, string, never>
  fgm_known: boolean
  fgm_duty: boolean
  created_at: Timestamp
  state: string
  state_changed_at: Timestamp
}

export interface ConcernChildTable {
  concern_id: string
  child_id: string
}

export interface ConcernEventTable {
  id: string
  seq: Generated<string>
  concern_id: string
  kind: string
  actor_user_id: string
  actor_organisation_id: string
  text: string
  decision_kind: string | null
  review_on: DateOnly | null
  details: ColumnType<Record<string, unknown>, string, never>
  created_at: Timestamp
}

export interface ReferralTable {
  id: string
  reference: string
  child_id: string | null
  from_organisation_id: string | null
  to_organisation_id: string
  concern_id: string | null
  referred_by: string | null
  summary: string
  received_at: Timestamp
  state: string
  channel: Generated<string>
  source_code: Generated<string>
  child_details: ColumnType<Record<string, unknown>, string | undefined, never>
  details: ColumnType<Record<string, unknown>, string | undefined, never>
  immediate_danger: Generated<boolean>
  referrer_name: string | null
  referrer_contact: string | null
  referrer_relationship: string | null
  referrer_anonymous: Generated<boolean>
  parents_aware: boolean | null
  parental_consent: string | null
  consent_not_sought_reason: string | null
  acknowledged_at: Timestamp | null
  submitted_from: string | null
  /** Whether the referrer's identity must be kept from the family: 'yes' | 'no' | 'not_asked' (migration 0018). */
  referrer_identity_withheld: Generated<string>
  referrer_identity_reason: string | null
  /** The public report's one-time key (0018). */
  submission_key: Generated<string | null>
}

export interface NotificationOutboxTable {
  id: string
  kind: string
  organisation_id: string | null
  recipient: string
  subject: string
  body: string
  related_type: string | null
  related_id: string | null
  created_at: Timestamp
  attempts: Generated<number>
  next_attempt_at: Timestamp
  sent_at: Timestamp | null
  last_error: string | null
}

export interface ConcernDraftTable {
  id: string
  user_id: string
  data: ColumnType<unknown, string, string>
  created_at: Timestamp
  updated_at: Timestamp
}

type Json = ColumnType<Record<string, unknown>, string | undefined, never>
type JsonList = ColumnType<unknown[], string | undefined, never>

export interface EpisodeTable {
  id: string
  reference: string
  child_id: string
  referral_id: string
  local_authority_id: string
  local_area_id: string
  phase: string
  phase_changed_at: Timestamp
  lead_user_id: string | null
  team_manager_user_id: string | null
  referral_date: DateOnly
  referral_nfa: Generated<boolean>
  primary_need: string | null
  closed_on: DateOnly | null
  closure_reason: string | null
  created_at: Timestamp
  /** Due date of the episode's earliest open deadline; kept by database triggers from the deadline table, never written here. */
  next_due_on: ColumnType<string | null, never, never>
}

/** One step taken on an episode (protection or family help): append-only, in `seq` order. */
interface EpisodeStepColumns {
  id: string
  seq: Generated<string>
  episode_id: string
  step: string
  outcome: string
  from_phase: string
  to_phase: string
  occurred_on: DateOnly
  details: Json
  actor_user_id: string
  actor_organisation_id: string
  submission_key: string | null
  created_at: Timestamp
}

export interface EpisodeStepTable extends EpisodeStepColumns {
  rationale: Generated<string>
}

export interface InformationRequestTable {
  id: string
  referral_id: string
  child_id: string | null
  to_organisation_id: string
  requested_by: string
  question: string
  due_at: Timestamp | null
  requested_at: Timestamp
}

export interface InformationResponseTable {
  id: string
  information_request_id: string
  responded_by: string
  organisation_id: string
  answer: string
  responded_at: Timestamp
}

export interface AssessmentTable {
  id: string
  episode_id: string
  child_id: string
  started_on: DateOnly
  child_seen_on: DateOnly | null
  child_seen_alone: boolean | null
  factors: Generated<string[]>
  summary: Generated<string>
  submitted_at: Timestamp | null
  submitted_by: string | null
  authorised_at: Timestamp | null
  authorised_by: string | null
  outcome: string | null
  completed_on: DateOnly | null
  created_at: Timestamp
}

export interface StrategyDiscussionTable {
  id: string
  episode_id: string
  child_id: string
  held_at: Timestamp
  held_on: DateOnly
  decision: string
  immediate_safety_actions: Generated<string>
  minutes: Generated<string>
  recorded_by: string
  created_at: Timestamp
}

export interface StrategyDiscussionAttendeeTable {
  strategy_discussion_id: string
  position: number
  agency: string
  organisation_id: string | null
  name: string
  role: Generated<string>
}

export interface StrategyDiscussionActionTable {
  strategy_discussion_id: string
  position: number
  action: string
  owner: string
  due_on: DateOnly | null
}

export interface Section47EnquiryTable {
  id: string
  episode_id: string
  child_id: string
  strategy_discussion_id: string
  started_on: DateOnly
  outcome: string | null
  conference_required: boolean | null
  summary: Generated<string>
  concluded_on: DateOnly | null
  created_at: Timestamp
}

export interface ConferenceTable {
  id: string
  episode_id: string
  child_id: string
  kind: string
  section47_enquiry_id: string | null
  scheduled_at: Timestamp
  chair_user_id: string | null
  held_on: DateOnly | null
  decision: string | null
  decision_details: Json
  dissent: Generated<string>
  household_considered: JsonList
  created_by: string
  created_at: Timestamp
}

export interface ConferenceInvitationTable {
  id: string
  conference_id: string
  invitee_kind: string
  organisation_id: string | null
  name: string
  contact: Generated<string>
  invited_by: string
  invited_at: Timestamp
}

export interface ConferenceReportTable {
  id: string
  conference_id: string
  organisation_id: string
  author_user_id: string
  text: string
  submitted_at: Timestamp
}

export interface ChildProtectionPlanTable {
  id: string
  episode_id: string
  child_id: string
  conference_id: string
  started_on: DateOnly
  initial_category: string
  latest_category: string
  lead_user_id: string | null
  outline_plan: string
  contingency_plan: string
  ended_on: DateOnly | null
  end_reason: string | null
  step_down: string | null
  created_at: Timestamp
}

export interface PlanMemberTable {
  plan_id: string
  position: number
  member_kind: string
  organisation_id: string | null
  user_id: string | null
  name: string
  role: Generated<string>
  added_at: Timestamp
}

/** A meeting held under a plan (a core group, a child in need review): when, and what was noted. */
interface PlanMeetingColumns {
  id: string
  plan_id: string
  held_on: DateOnly
  notes: string
  recorded_by: string
  created_at: Timestamp
}

export type CoreGroupMeetingTable = PlanMeetingColumns

export interface ChildInNeedPlanTable {
  id: string
  episode_id: string
  child_id: string
  started_on: DateOnly
  outcomes: string
  lead_user_id: string | null
  ended_on: DateOnly | null
  created_at: Timestamp
}

export type ChildInNeedReviewTable = PlanMeetingColumns

export interface ProtectionCheckTable {
  id: string
  child_id: string | null
  checked_by: string
  organisation_id: string
  local_area_id: string
  query: ColumnType<Record<string, unknown>, string, never>
  found_plan: boolean
  reason: string
  checked_at: Timestamp
  /** What the check showed, so it can be shown again exactly. */
  outcome: Json
  /** The local authorities told about the check. */
  notified_organisation_ids: Generated<string[]>
}

export interface EpisodeAllocationTable {
  id: string
  episode_id: string
  lead_user_id: string
  team_manager_user_id: string
  allocated_by: string
  allocated_at: Timestamp
}

export interface CaseSubmissionTable {
  submission_key: string
  episode_id: string
  action: string
  submitted_by: string
  submitted_at: Timestamp
}

/** The step engine's one-time submission keys (migration 0008z). */
export interface StepSubmissionTable {
  submission_key: string
  operation_id: string
  /** NULL for a public step's key, claimed by someone not signed in (migration 0027). */
  actor_user_id: string | null
  submitted_at: Timestamp
  output: unknown
}

export interface RateLimitSlotTable {
  slot: number
  window_started_at: Timestamp
  hits: number
}

export interface SharingDecisionTable {
  id: string
  reference: string
  child_id: string
  organisation_id: string
  decided_by: string
  decided_at: Timestamp
  direction: string
  decision: string
  requested_by: string | null
  recipient_organisation_id: string
  recipient_person: string | null
  lawful_basis: string | null
  special_category: string | null
  gateways: string[]
  consent: string
  consent_not_sought_reason: string | null
  told: boolean | null
  told_reason: string | null
  identities_at_risk: boolean | null
  redactions: string | null
  detriment_reasons: string | null
  necessity: string | null
  summary: string | null
  shared_on: DateOnly | null
  refusal_reasons: string | null
  advice_from: string | null
  advice_sought_on: DateOnly | null
  submission_key: string | null
}

export interface SharingItemTable {
  decision_id: string
  concern_id: string
}

export interface SharingReceiptTable {
  decision_id: string
  confirmed_by: string
  confirmed_at: Timestamp
}

export interface RecordOpeningTable {
  id: string
  child_id: string
  user_id: string
  organisation_id: string
  reason: string
  opened_at: Timestamp
  expires_at: Timestamp
}

export interface SharingSettingTable {
  local_area_id: string
  open_record_hours: number
  section_16la_in_force: boolean
  set_by: string | null
  set_at: Timestamp
  /** Repeated concerns (migration 0015): null means Together's default. */
  repeated_concerns_count: ColumnType<number | null, number | null | undefined, number | null>
  repeated_concerns_days: ColumnType<number | null, number | null | undefined, number | null>
  repeated_concerns_source: ColumnType<string | null, string | null | undefined, string | null>
}

/** One setting changed by a partnership, with the value before and after and why (migration 0022). Append-only. */
export interface SharingSettingChangeTable {
  id: string
  local_area_id: string
  change_id: string
  setting: 'repeated_concerns_count' | 'repeated_concerns_days' | 'open_record_hours'
  /** Null: Together's default was in force. */
  old_value: number | null
  new_value: number
  reason: string
  changed_by: string
  changed_at: Timestamp
}

/** One crossing of the repeated-concerns threshold for one child, and who was told (migration 0015). Append-only. */
export interface RepeatedConcernAlertTable {
  id: string
  child_id: string
  crossed_by_concern_id: string
  crossed_at: Timestamp
  concern_ids: string[]
  threshold_count: number
  threshold_days: number
  threshold_source: string
  told_organisation_ids: string[]
  local_authority_id: string | null
}

/** Family help (migration 0010): one episode per family, its members, its team and its steps. */
export interface FamilyHelpEpisodeTable {
  id: string
  reference: string
  local_area_id: string
  coordinating_organisation_id: string
  level: string
  origin: string
  request_source: string
  opened_on: DateOnly
  opened_by_user_id: string
  opened_by_organisation_id: string
  concern_id: string | null
  referral_id: string | null
  social_care_episode_id: string | null
  previous_episode_id: string | null
  phase: string
  phase_changed_at: Timestamp
  lead_user_id: string | null
  lead_organisation_id: string | null
  consent_withdrawn_at: Timestamp | null
  step_up_referral_ids: Generated<string[]>
  closed_on: DateOnly | null
  closure_reason: string | null
  /** Kept by database triggers from the deadline register, never written here. */
  next_due_on: ColumnType<string | null, never, never>
  next_review_due_on: ColumnType<string | null, never, never>
  created_at: Timestamp
}

export interface FamilyHelpMemberTable {
  id: string
  episode_id: string
  child_id: string | null
  name: string
  relationship: string
  in_household: boolean
  created_at: Timestamp
}

export interface FamilyHelpTeamMemberTable {
  id: string
  episode_id: string
  organisation_id: string
  user_id: string | null
  practitioner_role: string
  joined_on: DateOnly
  left_on: DateOnly | null
  created_at: Timestamp
}

export type FamilyHelpStepTable = EpisodeStepColumns

// Issue 13: the safeguarding partnership and learning from serious incidents (migration 0011).
export interface CodeTable {
  code: string
  label: string
}
export interface PartnershipTable {
  id: string
  local_area_id: string
  name: string
  education_engagement: Generated<string>
  created_at: Timestamp
}
export interface PartnershipSeatTable {
  id: string
  seq: Generated<string>
  partnership_id: string
  partner: string
  organisation_id: string
  lead_user_id: string | null
  lead_name: string
  delegate_user_id: string | null
  delegate_name: Generated<string>
  recorded_by: string | null
  created_at: Timestamp
}
export interface PartnershipMemberTable {
  id: string
  partnership_id: string
  kind: string
  name: string
  organisation_id: string | null
  category: string | null
  detail: Generated<string>
  started_on: DateOnly
  ended_on: DateOnly | null
  created_at: Timestamp
}
export interface PartnershipDocumentTable {
  id: string
  partnership_id: string
  kind: string
  version: number
  title: string
  summary: string
  url: string | null
  contributions: Json
  recorded_by: string
  signed_off_at: Timestamp | null
  submission_key: string | null
  created_at: Timestamp
}
export interface PartnershipSignOffTable {
  id: string
  subject_type: string
  subject_id: string
  partner: string
  user_id: string
  submission_key: string | null
  signed_at: Timestamp
}
export interface SeriousIncidentTable {
  id: string
  reference: string
  local_area_id: string
  notifying_organisation_id: string
  incident_on: DateOnly | null
  aware_on: DateOnly
  notified_panel_on: DateOnly
  location: string
  other_children: Generated<string>
  harm: string
  abuse_or_neglect: string
  happened_in: string
  child_lives_in: string
  stage: string
  stage_changed_at: Timestamp
  meeting_on: DateOnly | null
  decision: string | null
  decision_reasons: string | null
  immediate_actions: string | null
  learning: string | null
  sent_to_panel_on: DateOnly | null
  created_by: string
  created_at: Timestamp
}
export interface SeriousIncidentChildTable {
  incident_id: string
  child_id: string
  legal_status: string
}
export interface SeriousIncidentStepTable {
  id: string
  seq: Generated<string>
  incident_id: string
  step: string
  from_stage: string | null
  to_stage: string
  details: Json
  actor_user_id: string
  actor_organisation_id: string
  submission_key: string | null
  created_at: Timestamp
}
export interface RapidReviewAgencyTable {
  incident_id: string
  organisation_id: string
  asked_at: Timestamp
  state: string
  involvement: string | null
  analysis: string | null
  learning: string | null
  gap_reason: string | null
  answered_by: string | null
  answered_at: Timestamp | null
}
export interface PracticeReviewStageTable {
  incident_id: string
  stage: string
  occurred_on: DateOnly
  details: Json
  recorded_by: string
  created_at: Timestamp
}
export interface RecommendationTable {
  id: string
  reference: string
  local_area_id: string
  source: string
  incident_id: string | null
  text: string
  themes: string[]
  created_by: string
  submission_key: string | null
  created_at: Timestamp
}
export interface LearningActionTable {
  id: string
  recommendation_id: string
  description: string
  owner_organisation_id: string
  owner_user_id: string | null
  due_on: DateOnly
  status: string
  status_changed_at: Timestamp
  created_at: Timestamp
}
export interface LearningActionUpdateTable {
  id: string
  seq: Generated<string>
  action_id: string
  status: string
  note: Generated<string>
  evidence_of_impact: Generated<string>
  actor_user_id: string
  submission_key: string | null
  created_at: Timestamp
}
export interface YearlyReportTable {
  id: string
  local_area_id: string
  start_year: number
  state: string
  published_at: Timestamp | null
  created_at: Timestamp
}
export interface YearlyReportVersionTable {
  id: string
  report_id: string
  version: number
  sections: Json
  created_by: string
  submission_key: string | null
  created_at: Timestamp
}

export interface OrganisationSignOnTable {
  organisation_id: string
  issuer: string
  client_id: string
  client_secret_env: string
  accept_provider_mfa: Generated<boolean>
  created_by: string | null
  created_at: Timestamp
}

export interface UserIdentityTable {
  issuer: string
  subject: string
  user_id: string
  linked_at: Timestamp
}

export interface CensusExportTable {
  id: string
  local_area_id: string
  collection_year: number
  serial_no: number
  children: number
  errors: number
  queries: number
  made_by: string
  made_at: Timestamp
}

/** Single sign-on (migration 0016). */
export interface IdentityProviderTable {
  id: string
  organisation_id: string
  display_name: string
  issuer: string
  client_id: string
  client_secret_sealed: string
  email_domains: string[]
  trust_mfa: boolean
  mfa_acr_values: Generated<string[]>
  enabled: boolean
  updated_by: string
  updated_at: Timestamp
}

export interface IdentityLinkTable {
  issuer: string
  subject: string
  user_id: string
  provider_id: string
  linked_at: Timestamp
}

export interface SsoAttemptTable {
  id: string
  provider_id: string
  state_hash: string
  browser_hash: string
  nonce: string
  code_verifier: string
  return_to: string
  email_given: string
  started_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
  outcome: 'signed_in' | 'second_factor' | 'no_account' | 'refused' | null
  provider_email: string | null
  provider_name: string | null
  refusal: string | null
}

export interface SsoSessionTable {
  session_id_hash: string
  provider_id: string
  id_token: string
}

export interface DB {
  identity_provider: IdentityProviderTable
  identity_link: IdentityLinkTable
  sso_attempt: SsoAttemptTable
  sso_session: SsoSessionTable
  sharing_decision: SharingDecisionTable
  sharing_item: SharingItemTable
  sharing_receipt: SharingReceiptTable
  record_opening: RecordOpeningTable
  sharing_setting: SharingSettingTable
  sharing_setting_change: SharingSettingChangeTable
  repeated_concern_alert: RepeatedConcernAlertTable
  local_area: LocalAreaTable
  local_area_change: LocalAreaChangeTable
  child_census_detail: ChildCensusDetailTable
  organisation: OrganisationTable
  app_user: AppUserTable
  user_session: UserSessionTable
  api_token: ApiTokenTable
  invitation: InvitationTable
  setting: SettingTable
  audit_event: AuditEventTable
  audit_chain_head: AuditChainHeadTable
  audit_seal: AuditSealTable
  name_word: NameWordTable
  timescale_override: TimescaleOverrideTable
  local_non_working_day: LocalNonWorkingDayTable
  deadline: DeadlineTable
  person: PersonTable
  child: ChildTable
  child_alias: ChildAliasTable
  child_correction: ChildCorrectionTable
  child_current: ChildCurrentView
  subject_access_request: SubjectAccessRequestTable
  data_protection_complaint: DataProtectionComplaintTable
  data_protection_complaint_acknowledgement: DataProtectionComplaintAcknowledgementTable
  data_protection_complaint_outcome: DataProtectionComplaintOutcomeTable
  subject_access_redaction: SubjectAccessRedactionTable
  child_relationship: ChildRelationshipTable
  involvement: InvolvementTable
  concern: ConcernTable
  concern_child: ConcernChildTable
  concern_event: ConcernEventTable
  referral: ReferralTable
  notification_outbox: NotificationOutboxTable
  concern_draft: ConcernDraftTable
  public_report_draft: PublicReportDraftTable
  episode: EpisodeTable
  episode_step: EpisodeStepTable
  information_request: InformationRequestTable
  information_response: InformationResponseTable
  assessment: AssessmentTable
  strategy_discussion: StrategyDiscussionTable
  strategy_discussion_attendee: StrategyDiscussionAttendeeTable
  strategy_discussion_action: StrategyDiscussionActionTable
  section47_enquiry: Section47EnquiryTable
  conference: ConferenceTable
  conference_invitation: ConferenceInvitationTable
  conference_report: ConferenceReportTable
  child_protection_plan: ChildProtectionPlanTable
  plan_member: PlanMemberTable
  core_group_meeting: CoreGroupMeetingTable
  child_in_need_plan: ChildInNeedPlanTable
  child_in_need_review: ChildInNeedReviewTable
  protection_check: ProtectionCheckTable
  episode_allocation: EpisodeAllocationTable
  case_submission: CaseSubmissionTable
  step_submission: StepSubmissionTable
  rate_limit_slot: RateLimitSlotTable
  family_help_episode: FamilyHelpEpisodeTable
  family_help_member: FamilyHelpMemberTable
  family_help_team_member: FamilyHelpTeamMemberTable
  family_help_step: FamilyHelpStepTable
  ethnicity_code: CodeTable
  disability_code: CodeTable
  partnership: PartnershipTable
  partnership_seat: PartnershipSeatTable
  partnership_member: PartnershipMemberTable
  partnership_document: PartnershipDocumentTable
  partnership_sign_off: PartnershipSignOffTable
  serious_incident: SeriousIncidentTable
  serious_incident_child: SeriousIncidentChildTable
  serious_incident_step: SeriousIncidentStepTable
  rapid_review_agency: RapidReviewAgencyTable
  practice_review_stage: PracticeReviewStageTable
  recommendation: RecommendationTable
  learning_action: LearningActionTable
  learning_action_update: LearningActionUpdateTable
  yearly_report: YearlyReportTable
  yearly_report_version: YearlyReportVersionTable
  organisation_sign_on: OrganisationSignOnTable
  user_identity: UserIdentityTable
  census_export: CensusExportTable
  concern_escalation: ConcernEscalationTable
  training_record: TrainingRecordTable
  training_verification: TrainingVerificationTable
  allegation: AllegationTable
  allegation_outcome: AllegationOutcomeTable
  low_level_concern: LowLevelConcernTable
  low_level_review: LowLevelReviewTable
  school_term: SchoolTermTable
  school_closure: SchoolClosureTable
  file_transfer: FileTransferTable
  file_transfer_receipt: FileTransferReceiptTable
  file_transfer_link: FileTransferLinkTable
}

// ——— The workforce and schools (migration 0012) ———

export interface ConcernEscalationTable {
  concern_id: string
  stage: 'backup' | 'front_door'
  reached_at: Timestamp
  recipients: number
}

export interface TrainingRecordTable {
  id: string
  user_id: string
  organisation_id: string
  course: string
  title: string
  provider: string
  completed_on: DateOnly
  hours: ColumnType<string, string | number, never>
  evidence: string
  recorded_by: string
  recorded_at: Timestamp
}

export interface TrainingVerificationTable {
  record_id: string
  verified_by: string
  verified_at: Timestamp
}

export interface AllegationTable {
  id: string
  reference: string
  organisation_id: string
  local_area_id: string
  case_manager_user_id: string
  named_user_ids: Generated<string[]>
  subject_user_id: string | null
  subject_name: string
  subject_role: string
  subject_employer: string
  subject_date_of_birth: DateOnly | null
  aware_on: DateOnly
  account: string
  limbs: string[]
  source_concern_id: string | null
  source_low_level_concern_id: string | null
  state: string
  retain_until: DateOnly
  lado_sent_on: DateOnly | null
  lado_reference: string | null
  lado_sent_by: string | null
  created_at: Timestamp
}

export interface AllegationOutcomeTable {
  allegation_id: string
  strategy_discussion_on: DateOnly | null
  police_involved: boolean
  suspended_from: DateOnly | null
  suspended_until: DateOnly | null
  investigation: string
  outcome: string
  dbs_referral: boolean
  tra_referral: boolean
  lessons_learned: string
  recorded_by: string
  recorded_at: Timestamp
}

export interface LowLevelConcernTable {
  id: string
  reference: string
  organisation_id: string
  raised_by: string
  subject_user_id: string | null
  subject_name: string
  subject_kind: string
  subject_key: string
  about_head: boolean
  account: string
  state: string
  created_at: Timestamp
}

export interface LowLevelReviewTable {
  concern_id: string
  decision: string
  actions: string
  reviewed_by: string
  reviewed_at: Timestamp
  allegation_id: string | null
}

export interface SchoolTermTable {
  organisation_id: string
  starts_on: DateOnly
  ends_on: DateOnly
}

export interface SchoolClosureTable {
  organisation_id: string
  closed_on: DateOnly
  kind: 'inset' | 'closure'
}

export interface FileTransferTable {
  id: string
  reference: string
  child_id: string
  from_organisation_id: string
  to_organisation_id: string | null
  to_school_name: string
  to_email: string | null
  moved_on: DateOnly
  reason: string
  due_on: DateOnly
  advance_information: string
  state: string
  sent_by: string
  sent_at: Timestamp
}

export interface FileTransferReceiptTable {
  transfer_id: string
  confirmed_by_user_id: string | null
  confirmed_by_name: string
  via: 'together' | 'link'
  confirmed_at: Timestamp
}

export interface FileTransferLinkTable {
  id: string
  transfer_id: string
  token_hash: string
  expires_at: Timestamp
  used_at: Timestamp | null
  created_at: Timestamp
}

/** A member of the public's report while they answer it (migration 0018): not a referral until sent. */
export interface PublicReportDraftTable {
  id: string
  data: ColumnType<unknown, string, string>
  created_at: Timestamp
  updated_at: Timestamp
}
