/**
 * A training record as a person enters it: course, title, provider, date, hours and where the evidence is kept.
 * Records are never edited; a mistake is corrected by recording the right one and the administrator verifying it.
 */
import { compareLocalDate, type LocalDate, formatLongDate } from '../../../platform/calendar/localDate.js'
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { textProblem, type TextRule } from '../../concerns/domain/text.js'
import { isCourseKind, type CourseKind } from './requirements.js'

export const TRAINING_TEXT_LIMITS = { title: 200, provider: 200, evidence: 500 } as const
/** More hours than this in one course is a typing mistake (a week's full-time course is 37.5). */
export const MAX_COURSE_HOURS = 100

export interface TrainingRecordInput {
  readonly course?: string | undefined
  readonly title?: string | undefined
  readonly provider?: string | undefined
  readonly completedOn?: LocalDate | undefined
  readonly hours?: string | number | undefined
  readonly evidence?: string | undefined
}

export interface ValidTrainingRecord {
  readonly course: CourseKind
  readonly title: string
  readonly provider: string
  readonly completedOn: LocalDate
  readonly hours: number
  readonly evidence: string
}

export type TrainingRecordInvalidCode = 'TRAINING.RECORD_INVALID'

export const trainingMessages = {
  courseMissing: 'Select the kind of training',
  titleMissing: 'Enter the name of the course',
  providerMissing: 'Enter who provided the training',
  completedOnMissing: 'Enter the date you completed the training',
  completedOnInFuture: 'The date you completed the training must be today or in the past',
  completedOnTooOld: 'The date you completed the training must be in the last 10 years',
  hoursMissing: 'Enter how many hours the training took',
  hoursInvalid: `Hours must be a number between 0.5 and ${MAX_COURSE_HOURS}, like 3 or 1.5`,
} as const

/** Hours in half hours: 0.5 to MAX_COURSE_HOURS. */
export function parseHours(value: string | number | undefined): number | undefined | 'invalid' {
  if (value === undefined) return undefined
  const text = String(value).trim()
  if (text === '') return undefined
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return 'invalid'
  const hours = Number(text)
  if (hours < 0.5 || hours > MAX_COURSE_HOURS || Math.round(hours * 2) !== hours * 2) return 'invalid'
  return hours
}

/** Check a training record on `today`: a date in the future or more than 10 years ago is refused. */
export function validateTrainingRecord(
  input: TrainingRecordInput,
  today: LocalDate,
): Result<ValidTrainingRecord, DomainError<TrainingRecordInvalidCode>> {
  const fields: Record<string, string> = {}
  const course = input.course?.trim() ?? ''
  if (!isCourseKind(course)) fields.course = trainingMessages.courseMissing
  // A text field's problem, if any, under its own name (in form order: the first problem is the error's message).
  const text = (name: 'title' | 'provider' | 'evidence', rule: Omit<TextRule, 'max'>) => {
    const value = input[name] ?? ''
    const problem = textProblem(value, { ...rule, max: TRAINING_TEXT_LIMITS[name] })
    if (problem !== undefined) fields[name] = problem
    return value.trim()
  }
  const title = text('title', { label: 'The name of the course', missing: trainingMessages.titleMissing })
  const provider = text('provider', { label: 'Who provided the training', missing: trainingMessages.providerMissing })
  const completedOn = input.completedOn
  if (completedOn === undefined) fields.completedOn = trainingMessages.completedOnMissing
  else if (compareLocalDate(completedOn, today) > 0) fields.completedOn = trainingMessages.completedOnInFuture
  else if (completedOn.year < today.year - 10) fields.completedOn = trainingMessages.completedOnTooOld
  const hours = parseHours(input.hours)
  if (hours === undefined) fields.hours = trainingMessages.hoursMissing
  else if (hours === 'invalid') fields.hours = trainingMessages.hoursInvalid
  const evidence = text('evidence', { label: 'Where the certificate is kept' })
  if (hasProblems(fields) || !isCourseKind(course) || completedOn === undefined || typeof hours !== 'number')
    return invalidFields('TRAINING.RECORD_INVALID', fields, trainingMessages.courseMissing)
  return ok({ course, title, provider, completedOn, hours, evidence })
}

/** 20 November 2026: how GOV.UK writes a date. */
export const longDate = formatLongDate
