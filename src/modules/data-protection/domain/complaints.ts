/**
 * The data protection complaints log (Data (Use and Access) Act 2025; domain-2026.md §2 [S]): a complaint is
 * recorded, acknowledged within 30 days (rule data-protection-complaint-acknowledgement) and answered without
 * undue delay with its outcome. Where it stands is read from the rows that exist, never stored and changed.
 */

export const complaintStages = ['received', 'acknowledged', 'answered'] as const
export type ComplaintStage = (typeof complaintStages)[number]

export const complaintStageLabels: Readonly<Record<ComplaintStage, string>> = {
  received: 'Waiting to be acknowledged',
  acknowledged: 'Acknowledged, waiting for an answer',
  answered: 'Answered',
}

export type ComplaintStep = 'acknowledge' | 'record_outcome'

/** The transition table: which step each stage allows, and where it leads. */
const transitions: Readonly<Record<ComplaintStage, Partial<Record<ComplaintStep, ComplaintStage>>>> = {
  received: { acknowledge: 'acknowledged' },
  acknowledged: { record_outcome: 'answered' },
  answered: {},
}

const notNow: Readonly<Record<ComplaintStep, Readonly<Partial<Record<ComplaintStage, string>>>>> = {
  acknowledge: {
    acknowledged: 'The complaint has already been acknowledged',
    answered: 'The complaint has already been answered',
  },
  record_outcome: {
    received: 'Acknowledge the complaint before recording its outcome',
    answered: 'The complaint’s outcome has already been recorded',
  },
}

/** Why the step cannot be taken at this stage, in the words the page shows; undefined when it can. */
export function unavailableAt(stage: ComplaintStage, step: ComplaintStep): string | undefined {
  return transitions[stage][step] === undefined ? (notNow[step][stage] ?? 'This cannot be done now') : undefined
}

export const stageOf = (c: { readonly acknowledged: boolean; readonly answered: boolean }): ComplaintStage =>
  c.answered ? 'answered' : c.acknowledged ? 'acknowledged' : 'received'

export const receivedHows = ['email', 'letter', 'phone', 'in_person', 'online'] as const
export type ReceivedHow = (typeof receivedHows)[number]
export const receivedHowLabels: Readonly<Record<ReceivedHow, string>> = {
  email: 'Email',
  letter: 'Letter',
  phone: 'Phone',
  in_person: 'In person',
  online: 'Online form',
}

export const sentHows = ['email', 'letter', 'phone', 'in_person'] as const
export type SentHow = (typeof sentHows)[number]

export const outcomes = ['upheld', 'partly_upheld', 'not_upheld', 'withdrawn'] as const
export type ComplaintOutcome = (typeof outcomes)[number]
export const outcomeLabels: Readonly<Record<ComplaintOutcome, string>> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  withdrawn: 'Withdrawn by the person complaining',
}

/** A reference the person complaining can quote: from the record's id, so it is never reused. */
export const complaintReference = (id: string): string => `DPC-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`
