/**
 * The retention schedule: how long each kind of record Together holds is kept, from when, and what happens at the
 * end, with where the rule comes from. Facts are taken from ../shared/domain.md and ../shared/domain-2026.md only,
 * with their confidence marks: [C] → 'confirmed', [S] → 'secondary', [U] → 'unconfirmed'. Where those documents
 * give no period, the period is the organisation's own decision: `confidence: 'local'` and the words "Local
 * decision" on screen. No citation is given that the shared documents do not hold.
 */
import { wordList } from '../../../platform/shared/wordList.js'

export const { ids: retentionConfidences, labels: retentionConfidenceLabels } = wordList({
  confirmed: 'Confirmed in the primary text',
  secondary: 'From a source that quotes the guidance',
  unconfirmed: 'Not confirmed: check before relying on it',
  local: 'Local decision',
})
export type RetentionConfidence = (typeof retentionConfidences)[number]

export const { ids: recordKinds, labels: recordKindLabels } = wordList({
  concern: 'Concerns about a child',
  referral: 'Referrals to children’s social care',
  assessment: 'Child and family assessments',
  section_47: 'Strategy discussions and section 47 enquiries',
  conference: 'Child protection conferences',
  child_protection_plan: 'Child protection plans and core groups',
  family_help: 'Family help episodes and family plans',
  sharing_decision: 'Decisions to share information, or not to',
  allegation: 'Allegations against people who work with children',
  low_level_concern: 'Low-level concerns about adults',
  training_record: 'Safeguarding training records',
  cp_file_transfer: 'Child protection files moved between schools',
  subject_access_request: 'Subject access requests',
  data_protection_complaint: 'Data protection complaints',
  audit_trail: 'The audit trail',
})
export type RecordKind = (typeof recordKinds)[number]

export interface RetentionSource {
  readonly document: string
  readonly section: string
  /** Where in the shared facts the value is recorded, for anyone re-checking it. */
  readonly reference: string
}

export interface RetentionRule {
  readonly kind: RecordKind
  /** How long, in plain words. */
  readonly period: string
  /** From when the period counts. */
  readonly from: string
  /** What happens at the end. */
  readonly thenWhat: string
  readonly confidence: RetentionConfidence
  /** Absent for a local decision: there is no national source to name. */
  readonly source?: RetentionSource
  readonly note?: string
}

const LOCAL_PERIOD =
  'Local decision: no national period is recorded in Together’s checked sources. Each organisation sets it in its own retention policy.'

export const retentionSchedule: readonly RetentionRule[] = [
  {
    kind: 'allegation',
    period: 'Until the person’s normal pension age, or 10 years from the date of the allegation, whichever is longer',
    from: 'The date of the allegation',
    thenWhat: 'Review, then destroy securely',
    confidence: 'secondary',
    source: {
      document: 'Keeping Children Safe in Education 2025, Part 4',
      section: 'Record keeping for allegations (quoted in a school trust’s 2025 policy)',
      reference: 'domain-2026.md §6 (Retention; rules table "Allegation records retention") [S]',
    },
    note: 'For substantiated, unsubstantiated, false and unfounded outcomes alike. Malicious allegations are removed from the person’s personnel records: that rule is [U] in the shared facts and must be checked against KCSIE before relying on it.',
  },
  {
    kind: 'low_level_concern',
    period: LOCAL_PERIOD,
    from: 'The date the concern was recorded',
    thenWhat: 'Review at the retention review date the record carries',
    confidence: 'local',
    note: 'The shared facts list a "retention review date" on every low-level concern (domain-2026.md §6) but no period.',
  },
  {
    kind: 'concern',
    period: LOCAL_PERIOD,
    from: 'Set in the school’s own retention policy (the school’s child protection file)',
    thenWhat: 'The file goes with the child to each new school; the last school keeps it',
    confidence: 'local',
    source: {
      document: 'Keeping Children Safe in Education (quoted in Hansard written answer UIN 29912, 16 July 2021)',
      section:
        'All concerns, discussions, decisions and the reasons for them recorded in writing, kept confidential and stored securely; a separate child protection file per child',
      reference: 'domain-2026.md §6 (Record keeping) [C]',
    },
    note: 'How long the last school keeps the file is not in the shared facts. Schools commonly keep it until the child’s 25th birthday (the IRMS toolkit for schools is the usual reference); that is unconfirmed here and is each school’s own decision until checked.',
  },
  {
    kind: 'cp_file_transfer',
    period: 'Move the file within 5 school days of an in-year move, or within the first 5 days of a new term',
    from: 'The day the new school is confirmed',
    thenWhat:
      'The file goes separately from the main pupil file, securely, and receipt is confirmed. The sending school may keep a copy of the chronology',
    confidence: 'confirmed',
    source: {
      document: 'Keeping Children Safe in Education (quoted in Hansard written answer UIN 29912, 16 July 2021)',
      section: 'Transfer of the child protection file',
      reference: 'domain-2026.md §6 (CP file transfer) [C]',
    },
    note: 'A copy of the chronology kept for a year is one area’s practice [S] (domain-2026.md §6), not a national rule.',
  },
  ...(
    [
      ['referral', 'The date of the referral'],
      ['assessment', 'The date the episode closes'],
      ['section_47', 'The date the episode closes'],
      ['conference', 'The date the episode closes'],
      ['child_protection_plan', 'The date the plan ends'],
      ['family_help', 'The date the episode closes'],
    ] as const
  ).map(([kind, from]): RetentionRule => ({
    kind,
    period: LOCAL_PERIOD,
    from,
    thenWhat: 'Review, then destroy securely or keep with the reason recorded',
    confidence: 'local',
    source: {
      document: 'Working Together to Safeguard Children 2023 (2026)',
      section:
        'Records of the work: referral, assessment, section 47 enquiry, conference and plan (no retention period is recorded)',
      reference: 'domain.md §3 (process) and domain-2026.md §0; no retention period in either',
    },
  })),
  {
    kind: 'sharing_decision',
    period: LOCAL_PERIOD,
    from: 'The date of the decision',
    thenWhat: 'Kept as long as the child’s record it belongs to',
    confidence: 'local',
    source: {
      document: 'Information sharing: advice for practitioners (DfE, 2024)',
      section: 'Golden rule 7: record the reasons for every decision, to share or not',
      reference: 'domain.md §5; domain-2026.md §2 [S]',
    },
  },
  {
    kind: 'training_record',
    period: LOCAL_PERIOD,
    from: 'The date the person leaves the organisation',
    thenWhat: 'Review, then destroy securely',
    confidence: 'local',
    note: 'Training must be current (a DSL’s formal training at least every 2 years: domain.md T22 [C]); how long old certificates are kept is not in the shared facts.',
  },
  {
    kind: 'subject_access_request',
    period: LOCAL_PERIOD,
    from: 'The date the request was answered',
    thenWhat: 'Review, then destroy securely',
    confidence: 'local',
  },
  {
    kind: 'data_protection_complaint',
    period: LOCAL_PERIOD,
    from: 'The date the outcome was recorded',
    thenWhat: 'Review, then destroy securely',
    confidence: 'local',
  },
  {
    kind: 'audit_trail',
    period: LOCAL_PERIOD,
    from: 'The date of the event',
    thenWhat: 'Kept at least as long as the records it describes: it is the evidence of who saw and changed them',
    confidence: 'local',
  },
]

/** One row per kind of record, in the order of `recordKinds`; a kind without its row is a programming error. */
export const inKindOrder = <R extends { readonly kind: RecordKind }>(rows: readonly R[], what: string): readonly R[] =>
  recordKinds.map((k) => {
    const row = rows.find((r) => r.kind === k)
    if (row === undefined) throw new Error(`no ${what} for ${k}`)
    return row
  })

/** The schedule in the order of `recordKinds`, one rule per kind. */
export const scheduleInOrder = (): readonly RetentionRule[] => inKindOrder(retentionSchedule, 'retention rule')
