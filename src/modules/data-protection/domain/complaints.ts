/**
 * The data protection complaints log (Data (Use and Access) Act 2025; domain-2026.md §2 [S]): a complaint is
 * recorded, acknowledged within 30 days (rule data-protection-complaint-acknowledgement) and answered without
 * undue delay with its outcome. Where it stands is read from the rows that exist, never stored and changed.
 */
import { wordList } from '../../../platform/shared/wordList.js'

export const { ids: complaintStages, labels: complaintStageLabels } = wordList({
  received: 'Waiting to be acknowledged',
  acknowledged: 'Acknowledged, waiting for an answer',
  answered: 'Answered',
})
export type ComplaintStage = (typeof complaintStages)[number]

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

export const { ids: receivedHows, labels: receivedHowLabels } = wordList({
  email: 'Email',
  letter: 'Letter',
  phone: 'Phone',
  in_person: 'In person',
  online: 'Online form',
})
export type ReceivedHow = (typeof receivedHows)[number]

/** An acknowledgement goes back any way a complaint can come in, except through the online form. */
const { online: _onlineForm, ...sentHowLabels } = receivedHowLabels
export { sentHowLabels }
export type SentHow = keyof typeof sentHowLabels

export const { ids: outcomes, labels: outcomeLabels } = wordList({
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  withdrawn: 'Withdrawn by the person complaining',
})
export type ComplaintOutcome = (typeof outcomes)[number]

/** A reference the person complaining can quote: from the record's id, so it is never reused. */
export const complaintReference = (id: string): string => `DPC-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`
