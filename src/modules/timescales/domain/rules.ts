/**
 * Statutory and guidance timescales as data: ONE table, so that the list page, the CLI, the docs and the
 * deadline arithmetic all read the same rows. Rules never store due dates: items store the raw event date
 * (the clock start) and derive the deadline, so a change here needs no data migration.
 *
 * Sources follow ../shared/domain.md §1 (rows T1–T27). The WT2023 primary text was not available when
 * domain.md was written, so no WT2023 paragraph numbers are given: `section` names the chapter and the
 * topic, `references` lists the sources domain.md actually read, and `confidence` mirrors its marks:
 * [C] confirmed in a primary source → 'confirmed'; [S] only in a secondary source (local procedures,
 * validators) → 'secondary'; [U] background knowledge only → 'unconfirmed'.
 *
 * `overridable` — may a local safeguarding partnership set its own value?
 * - false: the duty is in legislation (FGM Act 2003, Children Act 1989/2004, the 2005 private fostering
 *   regulations), or the deadline is owed to a national body (the Child Safeguarding Practice Review Panel,
 *   Ofsted, the Secretary of State). A partnership cannot change either.
 * - true: Working Together 2023 and KCSIE practice timescales. domain.md says to treat these as
 *   configurable policy per partnership; partnerships commonly set tighter ones. The national value is kept
 *   beside the local one (see `effectiveRule`) so a screen can always show both.
 *
 * Timescales counted in hours (police protection, 72 hours; joint agency response to a child death,
 * 24–48 hours) and ones with no national limit (strategy discussion, MASH, CIN reviews) are deliberately not
 * here: they are not date arithmetic. Deadlines that fall BEFORE an event (private fostering notice ≥6 weeks
 * before the placement; LCSPR copy to the Panel ≥7 working days before publication) are not here yet either.
 */
import { err, ok, domainError, type DomainError, type Result } from '../../../platform/shared/result.js'

export type TimescaleUnit = 'working_days' | 'calendar_days' | 'weeks' | 'months' | 'years'

export type Confidence = 'confirmed' | 'secondary' | 'unconfirmed'

export interface TimescaleSource {
  /** The governing document, e.g. "Working Together to Safeguard Children 2023". */
  readonly document: string
  /** Where in it: chapter, section or regulation. */
  readonly section: string
  /** The sources domain.md read to establish the value, for anyone re-checking it. Never shown to users. */
  readonly references: readonly string[]
  /** What is still to be checked against the primary text: for reviewers, never shown to users. */
  readonly unverified?: string
}

/**
 * Where the value comes from, which decides what a partnership may do with it (see `effectiveRule`):
 * - law: set by an Act or regulations, or owed to a national body; never changed locally.
 * - national-guidance: a national maximum (Working Together, KCSIE); a partnership may shorten it, never lengthen it.
 * - local-practice: no national limit; the value is one partnership's procedure, and a partnership may set its own.
 */
export type TimescaleBasis = 'law' | 'national-guidance' | 'local-practice'

export interface Duration {
  readonly amount: number
  readonly unit: TimescaleUnit
}

const unitWords: Readonly<Record<TimescaleUnit, readonly [string, string]>> = {
  working_days: ['working day', 'working days'],
  calendar_days: ['day', 'days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  years: ['year', 'years'],
}

/** A duration in words, as every timescale screen shows it: "1 working day", "45 working days". */
export const describeDuration = (d: Duration): string =>
  `${d.amount} ${(unitWords[d.unit] ?? ['', ''])[d.amount === 1 ? 0 : 1]}`

export interface TimescaleRule extends Duration {
  readonly id: string
  /** The row in ../shared/domain.md §1, e.g. "T2". */
  readonly domainRef: string
  /** Plain English, as a practitioner would say it. */
  readonly name: string
  /** The event that creates the deadline. */
  readonly trigger: string
  /** Exactly which date the clock counts from. */
  readonly clockStart: string
  readonly source: TimescaleSource
  readonly overridable: boolean
  readonly basis: TimescaleBasis
  readonly confidence: Confidence
  /** Caveats a reviewer must know about: conflicting sources, local-only practice. */
  readonly note?: string
  /**
   * 'before': the deadline falls the amount BEFORE the clock start (the clock start is a planned event, e.g. a
   * publication date, and the work must be done ahead of it). Absent: after, as for every other rule.
   */
  readonly counts?: 'before'
}

const WT2023 = 'Working Together to Safeguard Children 2023'
const KCSIE = 'Keeping Children Safe in Education'
/** Family help clocks are local practice; the document names whose practice the defaults follow. */
const LOCAL_EARLY_HELP = 'Local practice (defaults after Sefton early help timescales)'
const PRIVATE_FOSTERING_REGS = 'Children (Private Arrangements for Fostering) Regulations 2005 (SI 2005/1533)'

/** The first and the later review conferences (T7, T8) are set in the same part of WT2023, read from one source. */
const reviewConferences: TimescaleSource = {
  document: WT2023,
  section: 'Chapter 3: child protection review conferences',
  unverified: 'WT2023 wording not yet verified',
  references: ['safeguardingchildren.co.uk "Managing a CP plan"'],
}

/**
 * Both repeat visits to a privately fostered child (T19) are one rule, set by one regulation, but for how often:
 * every six weeks in the first year of the arrangement, every twelve after.
 */
const privateFosteringVisitAgain = {
  domainRef: 'T19',
  clockStart: 'The date of the previous visit',
  unit: 'weeks',
  source: {
    document: PRIVATE_FOSTERING_REGS,
    section: 'Regulation 8',
    references: ['legislation.gov.uk/uksi/2005/1533/regulation/8'],
  },
  overridable: false,
  basis: 'law',
  confidence: 'confirmed',
  note: 'See the child alone; write a report after each visit.',
} as const

/** The DSL's formal training and yearly refresh (T22, T23) are both in KCSIE Annex C. */
const dslTraining: TimescaleSource = {
  document: KCSIE,
  section: 'Annex C: role of the designated safeguarding lead (training)',
  references: ['Norfolk schools (quotes KCSIE Annex C)', 'thegrid.org.uk'],
}

const rules = [
  {
    id: 'referral-decision',
    domainRef: 'T1',
    name: 'Decide what to do about a referral and tell the referrer',
    trigger: 'referral received',
    clockStart: 'The date children’s social care received the referral',
    amount: 1,
    unit: 'working_days',
    source: {
      document: WT2023,
      section: 'Chapter 3: referrals to local authority children’s social care',
      unverified: 'WT2023 paragraph not yet verified',
      references: [
        'millbrookprimary.org.uk',
        'sussexchildprotection',
        'Cambridgeshire procedures',
        'WT2013 origin: teescpp.org.uk',
      ],
    },
    overridable: true,
    basis: 'national-guidance',
    confidence: 'secondary',
  },
  {
    id: 'child-and-family-assessment',
    domainRef: 'T2',
    name: 'Complete the child and family assessment',
    trigger: 'referral received',
    clockStart: 'The date the referral was received, not the date it was accepted',
    amount: 45,
    unit: 'working_days',
    source: {
      document: WT2023,
      section: 'Chapter 3: assessment timescales',
      unverified: 'WT2023 paragraph not yet verified',
      references: [
        'proceduresonline glossary "Assessment"',
        'DfE CIN census validation query 8670Q (data-to-insight/csc-validator-be-cin)',
      ],
    },
    overridable: true,
    basis: 'national-guidance',
    confidence: 'secondary',
    note: 'A maximum. If it is exceeded, the reasons must be recorded.',
  },
  {
    id: 'initial-child-protection-conference',
    domainRef: 'T5',
    name: 'Hold the initial child protection conference',
    trigger: 'strategy discussion that started a section 47 enquiry',
    clockStart: 'The strategy discussion that started the section 47 enquiry (if there were several, that one)',
    amount: 15,
    unit: 'working_days',
    source: {
      document: WT2023,
      section: 'Chapter 3: initial child protection conferences',
      unverified: 'WT2023 paragraph not yet verified',
      references: [
        'sussexchildprotection',
        'devon.gov.uk (2024)',
        'frg.org.uk',
        'DfE CIN census validation query 8675Q (csc-validator-be-cin)',
      ],
    },
    overridable: true,
    basis: 'national-guidance',
    confidence: 'secondary',
  },
  {
    id: 'first-core-group',
    domainRef: 'T6',
    name: 'Hold the first core group meeting',
    trigger: 'initial child protection conference',
    clockStart: 'The date of the initial child protection conference',
    amount: 10,
    unit: 'working_days',
    source: {
      document: WT2023,
      section: 'Chapter 3: child protection plans and core groups',
      unverified: 'WT2023 wording not yet verified',
      references: ['seftonscp (2025)', 'erscb', 'Newcastle procedures'],
    },
    overridable: true,
    basis: 'national-guidance',
    confidence: 'secondary',
  },
  {
    id: 'first-review-conference',
    domainRef: 'T7',
    name: 'Hold the first child protection review conference',
    trigger: 'initial child protection conference',
    clockStart: 'The date of the initial child protection conference',
    amount: 3,
    unit: 'months',
    source: reviewConferences,
    overridable: true,
    basis: 'national-guidance',
    confidence: 'secondary',
  },
  {
    id: 'next-review-conference',
    domainRef: 'T8',
    name: 'Hold the next child protection review conference',
    trigger: 'child protection review conference',
    clockStart: 'The date of the previous review conference',
    amount: 6,
    unit: 'months',
    source: reviewConferences,
    overridable: true,
    basis: 'national-guidance',
    confidence: 'secondary',
    note: 'A maximum: bring the review forward if circumstances change.',
  },
  {
    id: 'pre-birth-review-after-birth',
    domainRef: 'T9',
    name: 'Review a pre-birth child protection plan after the baby is born',
    trigger: 'birth of a baby with a pre-birth child protection plan',
    clockStart: 'The date of birth',
    amount: 10,
    unit: 'working_days',
    source: {
      document: 'Local procedure (Bromley Safeguarding Children Partnership)',
      section: 'Pre-birth procedures: review after birth',
      references: ['bromleychildcare', 'sussexchildprotection 5.3', 'seftonscp 6.1.8'],
    },
    overridable: true,
    basis: 'local-practice',
    confidence: 'secondary',
    note: 'Local practice, not national: other partnerships set other timescales.',
  },
  {
    id: 'serious-incident-notification',
    domainRef: 'T10',
    name: 'Notify a serious incident to the Child Safeguarding Practice Review Panel',
    trigger: 'local authority becomes aware of a serious child safeguarding incident',
    clockStart:
      'The date the local authority became aware that abuse or neglect is known or suspected and the child died or was seriously harmed',
    amount: 5,
    unit: 'working_days',
    source: {
      document: 'Children Act 2004',
      section: 'Section 16C (duty to notify); 5 working days from ' + WT2023 + ' Chapter 5',
      unverified: 'WT2023 paragraph not yet verified',
      references: [
        'childsafeguarding.independent-panel.uk/about/faqs (the duty)',
        'North Yorkshire procedures',
        'trafford',
        'havering',
      ],
    },
    overridable: false,
    basis: 'law',
    confidence: 'secondary',
    note: 'The notification also goes to Ofsted and the Department for Education.',
  },
  {
    id: 'looked-after-child-death-notification',
    domainRef: 'T11',
    name: 'Notify the death of a looked-after child to the Secretary of State and Ofsted',
    trigger: 'death of a looked-after child',
    clockStart: 'The date the local authority learned of the death, whether or not abuse or neglect is suspected',
    amount: 5,
    unit: 'working_days',
    source: {
      document: WT2023,
      section: 'Chapter 5: notifiable incidents, deaths of looked-after children',
      unverified: 'WT2023 paragraph not yet verified',
      references: ['North Yorkshire procedures'],
    },
    overridable: false,
    basis: 'law',
    confidence: 'secondary',
  },
  {
    id: 'rapid-review',
    domainRef: 'T12',
    name: 'Complete a rapid review and send it to the Panel',
    trigger: 'serious incident notification sent',
    clockStart: 'The date the serious incident notification was sent',
    amount: 15,
    unit: 'working_days',
    source: {
      document: WT2023,
      section: 'Chapter 5: rapid reviews',
      unverified: 'WT2023 paragraph not yet verified',
      references: [
        'Child Safeguarding Practice Review Panel FAQ',
        'Cambridgeshire procedures ("from the date the notification was sent")',
        'trafford',
      ],
    },
    overridable: false,
    basis: 'law',
    confidence: 'secondary',
    note: 'Sources differ: some count from awareness of the incident, not the notification. Counting from the notification follows Cambridgeshire; as the notification is due within 5 working days of awareness, the other reading can be up to 5 working days earlier.',
  },
  {
    id: 'lcspr-publication',
    domainRef: 'T13',
    name: 'Publish the local child safeguarding practice review',
    trigger: 'decision to hold a local child safeguarding practice review',
    clockStart: 'The date of the decision to hold the review',
    amount: 6,
    unit: 'months',
    source: {
      document: WT2023,
      section: 'Chapter 5: local child safeguarding practice reviews',
      unverified: 'WT2023 wording not yet verified; WT2018 value',
      references: ['trafford (2020, WT2018)'],
    },
    overridable: true,
    basis: 'national-guidance',
    confidence: 'secondary',
    note: 'A copy goes to the Panel and the Secretary of State at least 7 working days before publication.',
  },
  {
    id: 'partnership-yearly-report',
    domainRef: 'T14',
    name: 'Publish the safeguarding partners’ yearly report',
    trigger: 'previous yearly report published',
    clockStart: 'The date the previous yearly report was published',
    amount: 12,
    unit: 'months',
    source: {
      document: WT2023,
      section: 'Chapter 2: yearly report',
      unverified: 'the duty is understood to be in the Children Act 2004; not yet verified',
      references: ['safeguardingcambspeterborough'],
    },
    overridable: false,
    basis: 'law',
    confidence: 'secondary',
    note: 'Not overridable because the duty to report at least every 12 months is understood to be in the Act; a "by end of September" date is unconfirmed.',
  },
  {
    id: 'practice-review-to-panel',
    basis: 'national-guidance',
    domainRef: 'T13',
    name: 'Send the practice review to the Panel and the Secretary of State before publishing it',
    trigger: 'final local child safeguarding practice review agreed, with a planned publication date',
    clockStart: 'The planned publication date: the copy is due at least 7 working days BEFORE it',
    amount: 7,
    unit: 'working_days',
    counts: 'before',
    source: {
      document: WT2023,
      section: 'Chapter 5: local child safeguarding practice reviews',
      unverified: 'WT2018 rule carried forward; WT2023/WT2026 paragraph not yet verified',
      references: ['domain-2026.md §4 (LCSPR: Panel + SoS ≥7 WD before publication)', 'trafford (2020, WT2018)'],
    },
    overridable: false,
    confidence: 'secondary',
    note: 'Owed to national bodies, so a partnership cannot shorten the notice.',
  },
  {
    id: 'yearly-report-to-panel',
    basis: 'national-guidance',
    domainRef: 'T14',
    name: 'Send the yearly report to the Panel and publish it',
    trigger: 'end of the partnership’s reporting year (31 March)',
    clockStart: 'The last day of the year the report covers (31 March): due by 30 September',
    amount: 6,
    unit: 'months',
    source: {
      document: 'Working Together to Safeguard Children 2026',
      section: 'Chapter 2: yearly report',
      unverified: '30 September as a local partnership states it; not yet verified in WT2026',
      references: ['democracy.bcpcouncil.gov.uk IId=26734 (BCP 2025: submitted to the Panel by 30 September)'],
    },
    overridable: false,
    confidence: 'secondary',
    note: '31 March + 6 months is 30 September; if that is not a working day, the last working day before it.',
  },
  {
    id: 'lado-referral',
    domainRef: 'T15',
    name: 'Tell the LADO about an allegation against someone who works with children',
    trigger: 'allegation against a person who works with children',
    clockStart: 'The date the employer (or the police, if told directly) became aware of the allegation',
    amount: 1,
    unit: 'working_days',
    source: {
      document: WT2023,
      section: 'Chapter 4: allegations against people who work with children',
      unverified: 'WT2023 paragraph not yet verified',
      references: ['seftonlscb (quotes WT)', 'sheffieldscb', 'Cheshire East procedures'],
    },
    overridable: true,
    basis: 'national-guidance',
    confidence: 'secondary',
    note: 'A senior manager is told immediately; many local procedures add a written follow-up within 3 working days.',
  },
  {
    id: 'fgm-police-report',
    domainRef: 'T16',
    name: 'Report known female genital mutilation to the police',
    trigger: 'FGM known in a girl under 18 (disclosed or seen) by a health or social care professional or a teacher',
    clockStart: 'The date the professional learned of the FGM',
    amount: 1,
    unit: 'working_days',
    source: {
      document: 'Female Genital Mutilation Act 2003, section 5B (in force 31 October 2015)',
      section: 'Mandatory reporting duty; timing from the Home Office procedural information',
      references: ['gov.uk FGM mandatory reporting procedural information', 'cypnow'],
    },
    overridable: false,
    basis: 'law',
    confidence: 'secondary',
    note: 'The duty is statutory; "by the close of the next working day" is best practice. A statutory maximum of 1 month is unconfirmed.',
  },
  {
    id: 'private-fostering-first-visit',
    domainRef: 'T18',
    name: 'Visit a privately fostered child for the first time',
    trigger: 'private fostering notice received',
    clockStart: 'The date the local authority received the notice',
    amount: 7,
    unit: 'working_days',
    source: {
      document: PRIVATE_FOSTERING_REGS,
      section: 'Regulation 4',
      references: ['legislation.gov.uk/uksi/2005/1533'],
    },
    overridable: false,
    basis: 'law',
    confidence: 'confirmed',
  },
  {
    id: 'private-fostering-visit-first-year',
    name: 'Visit a privately fostered child again (first year)',
    trigger: 'private fostering visit, in the first year of the arrangement',
    amount: 6,
    ...privateFosteringVisitAgain,
  },
  {
    id: 'private-fostering-visit-later',
    name: 'Visit a privately fostered child again (after the first year)',
    trigger: 'private fostering visit, after the first year of the arrangement',
    amount: 12,
    ...privateFosteringVisitAgain,
  },
  {
    id: 'emergency-protection-order',
    domainRef: 'T21',
    name: 'Emergency protection order ends',
    trigger: 'emergency protection order made',
    clockStart: 'The date the court made the order',
    amount: 8,
    unit: 'calendar_days',
    source: {
      document: 'Children Act 1989',
      section: 'Section 45 (duration of emergency protection orders)',
      references: [],
    },
    overridable: false,
    basis: 'law',
    confidence: 'unconfirmed',
    note: 'Can be extended once, by up to 7 days. Check the primary text before relying on this.',
  },
  {
    id: 'dsl-training-renewal',
    domainRef: 'T22',
    name: 'Renew the designated safeguarding lead’s formal training',
    trigger: 'designated safeguarding lead (or deputy) completed formal training',
    clockStart: 'The date of the last formal training',
    amount: 2,
    unit: 'years',
    source: dslTraining,
    overridable: true,
    basis: 'national-guidance',
    confidence: 'confirmed',
    note: 'At least every 2 years.',
  },
  {
    id: 'dsl-knowledge-refresh',
    domainRef: 'T23',
    name: 'Refresh the designated safeguarding lead’s knowledge and skills',
    trigger: 'designated safeguarding lead’s last knowledge refresh',
    clockStart: 'The date of the last refresh',
    amount: 1,
    unit: 'years',
    source: dslTraining,
    overridable: true,
    basis: 'national-guidance',
    confidence: 'confirmed',
    note: 'At least annually.',
  },
  {
    id: 'staff-safeguarding-update',
    domainRef: 'T24',
    name: 'Give all staff a safeguarding and child protection update',
    trigger: 'staff member’s induction or last update',
    clockStart: 'The date of induction, then of the last update',
    amount: 1,
    unit: 'years',
    source: {
      document: KCSIE,
      section: 'Part one: staff training, paragraph 14',
      unverified: 'paragraph 14 as quoted by thegrid.org.uk',
      references: ['thegrid.org.uk'],
    },
    overridable: true,
    basis: 'national-guidance',
    confidence: 'confirmed',
    note: 'Regularly, and at least annually.',
  },
  // Family help (early help): no national limits (T27). These are LOCAL PRACTICE defaults, after Sefton's
  // published early help timescales (domain-2026.md §1), so every partnership may set its own.
  {
    id: 'family-help-assessment',
    basis: 'local-practice',
    domainRef: 'T27',
    name: 'Complete the family help assessment and share it with the family',
    trigger: 'family consented to receive family help',
    clockStart: 'The date the family gave consent to receive support',
    amount: 15,
    unit: 'working_days',
    source: {
      document: LOCAL_EARLY_HELP,
      section: 'Early help assessment: conclusions and actions shared with the family',
      references: ['sefton.gov.uk early help timescales (EHM)', 'domain-2026.md §1'],
    },
    overridable: true,
    confidence: 'secondary',
    note: 'Local practice, not a national timescale: set your partnership’s own.',
  },
  {
    id: 'family-help-first-review',
    basis: 'local-practice',
    domainRef: 'T27',
    name: 'Hold the first review of the family plan',
    trigger: 'family plan agreed',
    clockStart: 'The date the first version of the family plan was agreed',
    amount: 6,
    unit: 'weeks',
    source: {
      document: LOCAL_EARLY_HELP,
      section: 'Team around the family: first review',
      references: ['sefton.gov.uk early help timescales (EHM)', 'domain-2026.md §1'],
    },
    overridable: true,
    confidence: 'secondary',
    note: 'Local practice, not a national timescale. Sefton counts from the assessment; Together counts from the plan.',
  },
  {
    id: 'family-help-next-review',
    basis: 'local-practice',
    domainRef: 'T27',
    name: 'Hold the next review of the family plan',
    trigger: 'review of the family plan',
    clockStart: 'The date of the previous review',
    amount: 3,
    unit: 'months',
    source: {
      document: LOCAL_EARLY_HELP,
      section: 'Team around the family: later reviews at most 3 months apart',
      references: [
        'sefton.gov.uk early help timescales (EHM)',
        'Trafford 6–8 weeks; Devon 12 weeks (domain-2026.md §1)',
      ],
    },
    overridable: true,
    confidence: 'secondary',
    note: 'Local practice, not a national timescale: partnerships review every 6 to 12 weeks.',
  },
  {
    id: 'family-help-reassessment',
    basis: 'local-practice',
    domainRef: 'T27',
    name: 'Re-assess the family if the plan’s outcomes are not met',
    trigger: 'family help assessment completed',
    clockStart: 'The date of the latest family help assessment',
    amount: 12,
    unit: 'months',
    source: {
      document: LOCAL_EARLY_HELP,
      section: 'Re-assessment at 12 months if outcomes are not met',
      references: ['sefton.gov.uk early help timescales (EHM)', 'domain-2026.md §1'],
    },
    overridable: true,
    confidence: 'secondary',
    note: 'Local practice, not a national timescale.',
  },
  {
    id: 'cp-file-transfer',
    basis: 'national-guidance',
    domainRef: 'T25',
    name: 'Send the child protection file to the new school and get receipt confirmed',
    trigger: 'a pupil with a child protection file moves school',
    clockStart:
      'The day the child moved (in-year), or the first school day of the new term, counting that day as day 1',
    amount: 5,
    unit: 'working_days',
    source: {
      document: KCSIE,
      section:
        'Part two / Annex C: “within 5 days for an in-year transfer or within the first 5 days of the start of a new term”',
      references: [
        'Hansard written answer UIN 29912 (16 July 2021) quoting KCSIE',
        'Devon, Bristol and Hampshire pages',
      ],
    },
    overridable: false,
    confidence: 'confirmed',
    note: 'Counted in the sending school’s school days (its term dates, without inset days or bank holidays) by the transfers module; in working days when the school has no term dates, which is never later.',
  },
  {
    id: 'concern-monitor-review',
    basis: 'local-practice',
    domainRef: 'T27',
    name: 'Review a concern the DSL decided to monitor',
    trigger: 'a DSL decides to monitor a concern',
    clockStart: 'The review date the DSL chose (at most 12 months after the decision)',
    amount: 12,
    unit: 'months',
    source: {
      document: 'No national timescale: the DSL’s own review date',
      section: 'Together records the date the DSL set, so the review appears with their other due work',
      references: [],
    },
    overridable: false,
    confidence: 'unconfirmed',
    note: 'The amount is the longest review date allowed; the due date is the one the DSL chose.',
  },
  {
    id: 'subject-access-response',
    basis: 'law',
    domainRef: 'T28',
    name: 'Answer a subject access request for a child’s record',
    trigger: 'a subject access request for a child’s record (by the child, or a parent about the child) is received',
    clockStart: 'The day the request was received',
    amount: 1,
    unit: 'months',
    source: {
      document: 'UK GDPR',
      section:
        'Article 12(3): without undue delay and at the latest within one month of receipt, extendable by two further months where requests are complex or numerous',
      references: [
        'domain-2026.md (Subject access: 1 calendar month, extendable by 2 months if complex)',
        'legislation.gov.uk/eur/2016/679/article/12',
      ],
      unverified:
        'the ICO counts to the corresponding date and, on a weekend or bank holiday, to the next working day; Together moves it back, as every clock here does',
    },
    overridable: false,
    confidence: 'secondary',
    note: 'The extension (2 further months, with the reason told to the requester within the first month) is recorded on the request; the exemptions for information about others and information likely to cause serious harm are in the Data Protection Act 2018, Schedules 2 and 3.',
  },
  {
    id: 'data-protection-complaint-acknowledgement',
    basis: 'law',
    domainRef: 'T29',
    name: 'Acknowledge a data protection complaint',
    trigger: 'someone complains to the organisation about how it uses their personal data (or a child’s)',
    clockStart: 'The day the complaint was received',
    amount: 30,
    unit: 'calendar_days',
    source: {
      document: 'Data (Use and Access) Act 2025',
      section:
        'Controllers must facilitate complaints about the processing of personal data, acknowledge a complaint within 30 days of receiving it, and respond without undue delay',
      references: [
        'domain-2026.md §2 (organisations need a data protection complaints process by June 2026; DUAA 2025) [S]',
        'legislation.gov.uk/ukpga/2025/18',
      ],
      unverified:
        'the section of the Act, its exact wording and its commencement date were not read in the primary text (domain-2026.md marks the duty [S]); the 30 days and "without undue delay" are as the issue states them',
    },
    overridable: false,
    confidence: 'secondary',
    note: 'The response itself has no fixed number of days: "without undue delay". The complaint, its acknowledgement and its outcome are kept in the data protection complaints log.',
  },
] as const satisfies readonly TimescaleRule[]

/** Every rule id: a contract with workflows, stored data and the CLI. Ids never change meaning. */
export type TimescaleRuleId = (typeof rules)[number]['id']

export const timescaleRules: readonly (TimescaleRule & { readonly id: TimescaleRuleId })[] = Object.freeze(
  rules.map((rule) =>
    Object.freeze({
      ...rule,
      source: Object.freeze({ ...rule.source, references: Object.freeze([...rule.source.references]) }),
    }),
  ),
)

const byId: ReadonlyMap<string, TimescaleRule & { readonly id: TimescaleRuleId }> = new Map(
  timescaleRules.map((rule) => [rule.id, rule]),
)

export type UnknownRuleCode = 'TIMESCALE.UNKNOWN_RULE'

export function findRule(
  id: string,
): Result<TimescaleRule & { readonly id: TimescaleRuleId }, DomainError<UnknownRuleCode>> {
  const rule = byId.get(id)
  return rule === undefined
    ? err(domainError('TIMESCALE.UNKNOWN_RULE', `There is no timescale rule "${id}".`))
    : ok(rule)
}

/**
 * Deadlines in the register that no rule sets: dates people agreed (an action from a review, with the date the
 * partnership set for it). They appear on Due and overdue beside statutory clocks, named here, with no national
 * value because there is none.
 */
export const agreedDeadlineKinds: Readonly<Record<string, string>> = {
  'learning-action': 'An action agreed from a review or audit (date set by the partnership)',
}
