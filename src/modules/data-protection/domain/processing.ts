/**
 * The record of processing activities (UK GDPR Article 30) as data: for each kind of record Together holds, why it
 * is held, on what lawful basis (Article 6, and for special category data the Article 9 condition with its Data
 * Protection Act 2018 Schedule 1 condition), about whom, what it holds, who receives it, how long it is kept (the
 * retention schedule, retention.ts) and where it comes from.
 *
 * Lawful bases follow ../shared/domain.md §5 ([U]: Art 6(1)(e) public task or (c) legal obligation; Art 9(2)(g)
 * with DPA 2018 s10 and Sch 1 para 18, safeguarding of children and individuals at risk) and domain-2026.md §2
 * ([C]/[S]: the ICO says public authorities should keep using public task; the recognised legitimate interest,
 * safeguarding condition, Art 6(1)(ea), for voluntary-sector and independent bodies). Each organisation is the
 * controller of what it records; this is the record Together gives it to start from, not legal advice.
 */
import { inKindOrder, type RecordKind } from './retention.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const { ids: article6Bases, labels: article6Labels } = wordList({
  public_task: 'Public task: UK GDPR Article 6(1)(e)',
  legal_obligation: 'Legal obligation: UK GDPR Article 6(1)(c)',
  recognised_legitimate_interest:
    'Recognised legitimate interest, safeguarding condition: UK GDPR Article 6(1)(ea) (Data (Use and Access) Act 2025 s70)',
  legitimate_interests: 'Legitimate interests: UK GDPR Article 6(1)(f)',
})
export type Article6Basis = (typeof article6Bases)[number]

/** The special category condition Together relies on for safeguarding records. */
export const SAFEGUARDING_CONDITION =
  'UK GDPR Article 9(2)(g) substantial public interest, with Data Protection Act 2018 s10 and Schedule 1 paragraph 18 (safeguarding of children and of individuals at risk)'

export interface ProcessingRecord {
  readonly kind: RecordKind
  readonly purpose: string
  /** Article 6: the basis for public bodies first; the one for voluntary and independent bodies after. */
  readonly article6: readonly Article6Basis[]
  /** Article 9 and the DPA 2018 Schedule 1 condition, when the record holds special category data; else absent. */
  readonly article9?: string
  readonly dataSubjects: readonly string[]
  readonly dataCategories: readonly string[]
  readonly recipients: readonly string[]
  readonly source: string
  /** The shared facts the basis rests on, for anyone re-checking it. */
  readonly reference: string
}

const PUBLIC_OR_RLI: readonly Article6Basis[] = ['public_task', 'recognised_legitimate_interest']
const CHILD = 'Children'
const FAMILY = 'Parents, carers and other members of the household'
const HEALTH = 'Health, including injuries and mental health'
const ETHNICITY = 'Ethnicity, religion and language'
const BASIS_REF = 'domain.md §5 (lawful bases [U]); domain-2026.md §2 (public task, recognised legitimate interest)'

export const processingRecords: readonly ProcessingRecord[] = [
  {
    kind: 'concern',
    purpose: 'To record a worry about a child and the designated safeguarding lead’s decision about it',
    article6: PUBLIC_OR_RLI,
    article9: SAFEGUARDING_CONDITION,
    dataSubjects: [CHILD, FAMILY, 'Staff and volunteers who raised the concern'],
    dataCategories: [
      'Name, date of birth and identifiers (NHS number, UPN)',
      'What was seen and heard, and the child’s own words',
      'Body maps',
      HEALTH,
    ],
    recipients: ['The organisation’s designated safeguarding leads', 'Children’s social care when it is referred'],
    source: 'Staff and volunteers of the organisation; the child',
    reference: BASIS_REF,
  },
  {
    kind: 'referral',
    purpose: 'To ask children’s social care to decide whether a child needs help or protection',
    article6: ['public_task', 'legal_obligation', 'recognised_legitimate_interest'],
    article9: SAFEGUARDING_CONDITION,
    dataSubjects: [CHILD, FAMILY, 'The referrer'],
    dataCategories: [
      'Identity and address',
      'The concern and its history',
      'Parental factors (domestic abuse, mental health, substances)',
      ETHNICITY,
      HEALTH,
    ],
    recipients: ['The local authority’s front door', 'The referrer, told the decision'],
    source: 'Professionals, the public, the family and the child',
    reference: `${BASIS_REF}; domain.md §3 (referral content)`,
  },
  ...(
    [
      [
        'assessment',
        'To assess a child’s needs and the family’s capacity to meet them (Children Act 1989 s17 and s47)',
      ],
      [
        'section_47',
        'To decide in a strategy discussion, and find out in a section 47 enquiry, whether a child is suffering or likely to suffer significant harm',
      ],
      ['conference', 'To decide at a child protection conference whether a child needs a child protection plan'],
      ['child_protection_plan', 'To carry out and review a child protection plan with the core group'],
    ] as const
  ).map(([kind, purpose]): ProcessingRecord => ({
    kind,
    purpose,
    article6: ['public_task', 'legal_obligation'],
    article9: SAFEGUARDING_CONDITION,
    dataSubjects: [CHILD, FAMILY, 'Professionals taking part'],
    dataCategories: ['Identity', 'Assessment of needs and risks', HEALTH, ETHNICITY, 'Criminal allegations'],
    recipients: [
      'Children’s social care',
      'Police and health partners in the strategy discussion',
      'Agencies invited to the conference or in the core group',
    ],
    source: 'The family, the child and the agencies involved',
    reference: `${BASIS_REF}; domain.md §1 and §3`,
  })),
  {
    kind: 'family_help',
    purpose: 'To support a family through family help: assessment, a family plan and its reviews',
    article6: PUBLIC_OR_RLI,
    article9: SAFEGUARDING_CONDITION,
    dataSubjects: [CHILD, FAMILY, 'Practitioners in the team around the family'],
    dataCategories: ['Identity', 'Needs, strengths and goals', HEALTH],
    recipients: ['The team around the family', 'The local authority’s family help service'],
    source: 'The family and the practitioners working with them',
    reference: `${BASIS_REF}; domain-2026.md §1 (consent to receive services is not the lawful basis for sharing)`,
  },
  {
    kind: 'sharing_decision',
    purpose: 'To record each decision to share information about a child, or not to, with its reasons',
    article6: PUBLIC_OR_RLI,
    article9: SAFEGUARDING_CONDITION,
    dataSubjects: [CHILD, FAMILY, 'Third parties named in what is shared'],
    dataCategories: ['What was shared, with whom and why', 'Consent and whether the family was told'],
    recipients: ['The receiving organisation named in the decision'],
    source: 'The practitioner deciding',
    reference: `${BASIS_REF}; domain.md §5 (golden rule 7)`,
  },
  {
    kind: 'allegation',
    purpose:
      'To manage an allegation that someone who works with children has harmed a child or may pose a risk, with the LADO',
    article6: ['public_task', 'legal_obligation'],
    article9: `${SAFEGUARDING_CONDITION}. Allegations of crimes are criminal offence data, whose own condition the shared facts do not record: a local decision to check`,
    dataSubjects: ['The person the allegation is about', CHILD, 'The person who raised it'],
    dataCategories: ['Employment details', 'The allegation and its outcome', 'Criminal allegations'],
    recipients: ['The LADO', 'The employer’s case manager', 'The police where a crime may have been committed'],
    source: 'The employer, the child, the family or the police',
    reference: `${BASIS_REF}; domain-2026.md §6`,
  },
  {
    kind: 'low_level_concern',
    purpose: 'To record and review low-level concerns about adults, to spot patterns early',
    article6: PUBLIC_OR_RLI,
    dataSubjects: ['Staff, volunteers and contractors', 'The person who raised it'],
    dataCategories: ['Employment details', 'The behaviour described and the action taken'],
    recipients: ['The headteacher (or the chair of governors when it is about the head)'],
    source: 'Colleagues, or the person themselves',
    reference: `${BASIS_REF}; domain-2026.md §6`,
  },
  {
    kind: 'training_record',
    purpose: 'To show that staff and designated safeguarding leads have current safeguarding training',
    article6: ['legal_obligation', 'public_task'],
    dataSubjects: ['Staff and volunteers'],
    dataCategories: ['Courses, dates, hours and where the certificate is kept'],
    recipients: ['The organisation’s administrators and headteacher'],
    source: 'The person who did the training',
    reference: 'domain.md T22–T24 (KCSIE training) [C]',
  },
  {
    kind: 'cp_file_transfer',
    purpose: 'To move a child’s child protection file to the new school, securely and with receipt confirmed',
    article6: ['public_task', 'legal_obligation'],
    article9: SAFEGUARDING_CONDITION,
    dataSubjects: [CHILD, FAMILY],
    dataCategories: ['The child protection file', HEALTH],
    recipients: ['The new school’s designated safeguarding lead'],
    source: 'The sending school',
    reference: 'domain-2026.md §6 (CP file transfer) [C]',
  },
  {
    kind: 'subject_access_request',
    purpose: 'To answer a request for a child’s record within a month (UK GDPR Article 12(3))',
    article6: ['legal_obligation'],
    dataSubjects: [CHILD, 'The person asking'],
    dataCategories: ['The request, identity checks and what was withheld and why'],
    recipients: ['The person asking'],
    source: 'The person asking',
    reference: 'domain-2026.md §2 (subject access) [S]',
  },
  {
    kind: 'data_protection_complaint',
    purpose: 'To receive, acknowledge and answer complaints about how the organisation uses personal data',
    article6: ['legal_obligation'],
    dataSubjects: ['The person complaining', 'The people the complaint is about'],
    dataCategories: ['Contact details', 'What the complaint says and how it was answered'],
    recipients: ['The organisation’s administrators and designated safeguarding leads'],
    source: 'The person complaining',
    reference: 'domain-2026.md §2 (complaints process, Data (Use and Access) Act 2025) [S]',
  },
  {
    kind: 'audit_trail',
    purpose: 'To show who saw or changed each record, when and why (need to know)',
    article6: ['public_task', 'legal_obligation'],
    dataSubjects: ['Users of Together', 'The children and adults whose records were seen'],
    dataCategories: ['Who, when, what record and the reason given'],
    recipients: ['The organisation’s administrators', 'Auditors and the ICO on request'],
    source: 'Together itself, as each record is seen or changed',
    reference: 'Not in the shared facts: Together’s own rule (every view and change in the append-only audit trail)',
  },
]

/** The records in the order of the retention schedule's kinds. */
export const processingInOrder = (): readonly ProcessingRecord[] => inKindOrder(processingRecords, 'processing record')
