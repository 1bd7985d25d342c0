/**
 * Family help in the child's chronology (issue 12, item 7: "the chronology shows one unbroken thread"): the
 * episode's turning points as entries, in plain words, beside the concerns, referrals and protection work. Which
 * episodes a viewer sees is the family help policy's (policy.ts: the team, the lead practitioner, the area's
 * coordinators, and social care after a step-up); this file only says what each step is, in words.
 *
 * The day-to-day steps (team members joining, meetings arranged, agencies' contributions) stay on the episode's
 * own page, which the entry links to: the chronology is the story, not the working file.
 */
import {
  closureReasonLabels,
  episodeOriginLabels,
  familyHelpLevelLabels,
  outcomeAreaLabels,
  reviewDecisionLabels,
  reviewProgressLabels,
} from './codes.js'
import { formatLongDate, parseLocalDate } from '../../../platform/calendar/localDate.js'
import { labelOf, wordList } from '../../../platform/shared/wordList.js'

export const { ids: familyHelpEntryKinds, labels: familyHelpEntryLabels } = wordList({
  family_help_opened: 'Family help started',
  family_help_stepped_down: 'Stepped down to family help',
  family_help_lead_practitioner: 'Lead practitioner named',
  family_help_consent: 'Consent to family help',
  family_help_assessment: 'Family help assessment',
  family_help_plan: 'Family plan',
  family_help_review: 'Family help review',
  family_help_stepped_up: 'Stepped up to children’s social care',
  family_help_closed: 'Family help closed',
})
export type FamilyHelpEntryKind = (typeof familyHelpEntryKinds)[number]

/** The steps the chronology tells (the rest are on the episode's page). */
export const stepsInChronology = [
  'open',
  'assign_lead_practitioner',
  'record_consent',
  'record_assessment',
  'record_plan',
  'record_review',
  'step_up',
  'close',
] as const

/** One recorded step, as the query reads it. */
export interface FamilyHelpStepFacts {
  readonly step: string
  readonly outcome: string
  readonly details: Readonly<Record<string, unknown>>
  /** Names of organisations the details refer to by id (the lead practitioner's). */
  readonly organisationNames: Readonly<Record<string, string>>
}

export interface FamilyHelpEntryText {
  readonly type: FamilyHelpEntryKind
  readonly summary: string
  /** A turning point (started, stepped up or down, closed) rather than the work in between. */
  readonly key: boolean
}

/** 2026-12-01 → 1 December 2026 (stored dates are ISO; the page never shows them so). */
export function dayInWords(iso: string): string {
  const parsed = parseLocalDate(iso)
  return parsed.ok ? formatLongDate(parsed.value) : iso
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const lowerFirst = (s: string): string => (s === '' ? s : s[0]!.toLowerCase() + s.slice(1))
const line = (s: string): string => (s === '' ? '' : `\n${s}`)
const sentence = (s: string): string => (s === '' || /[.!?]$/.test(s) ? s : `${s}.`)

/** A step as a chronology entry, in plain words (never the stored codes), or undefined for steps it leaves out. */
export function familyHelpEntryText(s: FamilyHelpStepFacts): FamilyHelpEntryText | undefined {
  const d = s.details
  switch (s.step) {
    case 'open': {
      const level = labelOf(familyHelpLevelLabels, text(d['level']))
      if (s.outcome === 'step_down')
        return {
          type: 'family_help_stepped_down',
          summary: `Stepped down from children’s social care to ${level.toLowerCase()}, with a handover meeting and a new lead practitioner.`,
          key: true,
        }
      return {
        type: 'family_help_opened',
        summary: `${level} started. ${sentence(labelOf(episodeOriginLabels, s.outcome))}`,
        key: true,
      }
    }
    case 'assign_lead_practitioner': {
      const organisation = s.organisationNames[text(d['organisationId'])]
      const name = text(d['name'])
      const say = d['familyHadSay'] === true ? ' The family had a say in who it is.' : ''
      const handover = text(d['handover'])
      return {
        type: 'family_help_lead_practitioner',
        summary: `Lead practitioner: ${name}${organisation === undefined ? '' : `, ${organisation}`}.${say}${line(handover === '' ? '' : `Handover: ${sentence(handover)}`)}`,
        key: false,
      }
    }
    case 'record_consent': {
      const by = text(d['givenByName'])
      const summary =
        s.outcome === 'given'
          ? `The family consented to receive support${by === '' ? '' : ` (${by})`}.`
          : s.outcome === 'refused'
            ? 'The family did not consent to receive support.'
            : 'The family withdrew their consent to receive support.'
      return { type: 'family_help_consent', summary, key: s.outcome !== 'given' }
    }
    case 'record_assessment': {
      const needs = list(d['needs']).map((n) => labelOf(outcomeAreaLabels, text(n)))
      return {
        type: 'family_help_assessment',
        summary: `Assessment recorded.${needs.length === 0 ? '' : ` Needs: ${needs.join('; ')}.`}${line(sentence(text(d['needsSummary'])))}`,
        key: false,
      }
    }
    case 'record_plan': {
      const actions = list(d['actions']) as { what?: unknown; who?: unknown; byWhen?: unknown }[]
      const goals = list(d['goals'])
      const version = typeof d['version'] === 'number' ? d['version'] : 1
      const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
      return {
        type: 'family_help_plan',
        summary: `Family plan, version ${version}: ${counted(actions.length, 'action', 'actions')} and ${counted(goals.length, 'outcome goal', 'outcome goals')}.${actions
          .map((a) => line(`${text(a.what)}: ${text(a.who)}, by ${dayInWords(text(a.byWhen))}`))
          .join('')}`,
        key: false,
      }
    }
    case 'record_review': {
      const progress = (v: unknown) =>
        list(v)
          .map((p) => labelOf(reviewProgressLabels, text(p)))
          .join(', ')
      const actions = progress(d['actionProgress'])
      const goals = progress(d['goalProgress'])
      const how = [actions === '' ? '' : `Actions: ${actions}.`, goals === '' ? '' : `Goals: ${goals}.`]
        .filter((x) => x !== '')
        .join(' ')
      return {
        type: 'family_help_review',
        summary: `Team around the family review. ${how}${how === '' ? '' : ' '}Decision: ${labelOf(reviewDecisionLabels, s.outcome)}.${line(sentence(text(d['notes'])))}`,
        key: s.outcome !== 'continue',
      }
    }
    case 'step_up':
      return {
        type: 'family_help_stepped_up',
        summary: `Stepped up to children’s social care: a referral was made for each child, carrying the family help history, and the family plan is paused.${line(sentence(text(d['reason'])))}`,
        key: true,
      }
    case 'close':
      return {
        type: 'family_help_closed',
        summary: `Family help closed: ${lowerFirst(labelOf(closureReasonLabels, s.outcome))}.${line(sentence(text(d['notes'])))}`,
        key: true,
      }
    default:
      return undefined
  }
}
