import { date, radios, text, textarea, type Fields } from '../../../platform/forms/fields.js'
import { formDate } from '../../../platform/web/forms.js'
import { fieldProblems } from '../../../platform/shared/result.js'
import { optionsOf, yesNo } from '../../../platform/shared/wordList.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import {
  identityMessages,
  publicMessages,
  publicReferrerKinds,
  validateChildDetails,
  validatePublicReferral,
  type PublicReferralInput,
} from '../domain/referral.js'
import type { Answers } from '../steps/publicReportDrafts.js'

export type { Answers }

/** The public address of the form, for leaflets, council websites and posters. */
export const PUBLIC_REPORT_PATH = '/report-a-concern-about-a-child'
/** The address of one of the form's pages (`check`, `sent`, a question's slug). */
export const publicPage = (slug: string): string => `${PUBLIC_REPORT_PATH}/${slug}`

/**
 * One page of the public form: one question (the GOV.UK "question pages" pattern). `fields` are declared once with
 * their GOV.UK messages (platform/forms/fields); `check` adds the rules that need more than one answer or the
 * date, in the domain's own words. `applies` leaves a page out when it does not fit (the area, when there is one).
 */
export interface PublicQuestion {
  readonly slug: string
  readonly heading: string
  readonly intro?: string
  readonly fields: Fields
  /** The one field whose label or legend is the page's heading; other pages show the heading above their fields. */
  readonly headingField?: string
  readonly check?: (answers: Answers, today: LocalDate) => Record<string, string>
  readonly applies?: (answers: Answers, context: { readonly areaCount: number }) => boolean
  /** How check your answers shows this page's answers. */
  readonly summary: (answers: Answers, context: { readonly areaName: (id: string) => string }) => string
}

const yesNoAnswer = (v: string | undefined) => (v === 'yes' ? 'Yes' : v === 'no' ? 'No' : 'Not answered')
const orNot = (v: string | undefined, none = 'Not given') => (v === undefined || v.trim() === '' ? none : v)

/** A page whose heading is its first field's label or legend (the GOV.UK question page), so it is written once. */
function oneQuestion(page: Omit<PublicQuestion, 'heading' | 'headingField'>): PublicQuestion {
  const [headingField, field] = Object.entries(page.fields)[0]!
  return { ...page, heading: field.label, headingField }
}

export const publicQuestions: readonly PublicQuestion[] = [
  oneQuestion({
    slug: 'immediate-danger',
    fields: {
      immediateDanger: radios({
        label: 'Is a child in immediate danger right now?',
        hint: 'For example, they are being hurt now, are alone and cannot look after themselves, or cannot go home safely tonight.',
        options: optionsOf(yesNo),
        required: 'Select yes if a child is in immediate danger',
      }),
    },
    summary: (a) => yesNoAnswer(a.immediateDanger),
  }),
  {
    slug: 'area',
    heading: 'Which area does the child live in?',
    headingField: 'localAreaId',
    // The options are the areas in Together, filled in when the page is shown (publicRoutes).
    fields: {},
    applies: (_a, { areaCount }) => areaCount > 1,
    summary: (a, { areaName }) => areaName(a.localAreaId ?? ''),
  },
  oneQuestion({
    slug: 'child-name',
    fields: {
      knowsName: radios({
        label: 'Do you know the child’s name?',
        options: optionsOf(yesNo, { yes: ['childGivenName', 'childFamilyName'], no: ['childDescription'] }),
        required: 'Select yes if you know the child’s name',
      }),
      childGivenName: text({ label: 'First name', max: 200, width: 20 }),
      childFamilyName: text({ label: 'Last name', max: 200, width: 20 }),
      childDescription: textarea({
        label: 'Describe the child',
        hint: 'For example, what they look like, how old they seem and where you see them.',
        max: 5_000,
        rows: 4,
        required: 'Describe the child, so that we can find them',
      }),
    },
    check: (a) =>
      a.knowsName === 'yes' && orNot(a.childGivenName, '') === '' && orNot(a.childFamilyName, '') === ''
        ? { childGivenName: 'Enter the child’s first name or last name' }
        : {},
    summary: (a) =>
      a.knowsName === 'yes'
        ? `${a.childGivenName ?? ''} ${a.childFamilyName ?? ''}`.trim()
        : `Name not known. ${orNot(a.childDescription, '')}`.trim(),
  }),
  {
    slug: 'child-age',
    heading: 'How old is the child?',
    intro: 'Tell us if you know. It is fine to leave this out.',
    fields: {
      childDob: date({ label: 'Date of birth', hint: 'For example, 14 5 2016' }),
      childAge: text({ label: 'Or their age, or roughly how old they are', max: 100, width: 10 }),
    },
    check: (a, today) => {
      const dob = formDate(a, 'childDob')
      if (dob.kind === 'blank') return {}
      if (dob.kind !== 'date') return { childDob: 'Enter a real date of birth, like 14 5 2016, or leave it blank' }
      const valid = validateChildDetails({ givenName: 'x', dateOfBirth: dob.value }, today, 'public')
      const problem = valid.ok ? undefined : valid.error.fields?.childDateOfBirth
      return problem === undefined ? {} : { childDob: problem }
    },
    summary: (a) => {
      const dob = formDate(a, 'childDob')
      const born = dob.kind === 'date' ? `Born ${dob.value.day}/${dob.value.month}/${dob.value.year}` : ''
      return [born, orNot(a.childAge, '')].filter((s) => s !== '').join('. ') || 'Not given'
    },
  },
  oneQuestion({
    slug: 'child-address',
    fields: {
      childAddress: textarea({
        label: 'Where does the child live?',
        hint: 'An address, a street or an area. Leave this blank if you do not know.',
        max: 2_000,
        rows: 3,
      }),
    },
    summary: (a) => orNot(a.childAddress),
  }),
  oneQuestion({
    slug: 'concern',
    fields: {
      concern: textarea({
        label: 'What are you worried about?',
        hint: 'What you have seen or heard, when, and who was involved.',
        max: 10_000,
        rows: 8,
        required: publicMessages.concernMissing,
      }),
    },
    summary: (a) => orNot(a.concern),
  }),
  oneQuestion({
    slug: 'child-location',
    fields: {
      childLocation: textarea({
        label: 'Where is the child now?',
        hint: 'Leave this blank if you do not know.',
        max: 5_000,
        rows: 3,
      }),
    },
    summary: (a) => orNot(a.childLocation, 'Not known'),
  }),
  oneQuestion({
    slug: 'parents-aware',
    fields: {
      parentsAware: radios({
        label: 'Do the child’s parents or carers know you are telling us?',
        options: optionsOf({ ...yesNo, not_sure: 'I am not sure' }),
        required: publicMessages.parentsAwareMissing,
      }),
    },
    summary: (a) => (a.parentsAware === 'not_sure' ? 'Not sure' : yesNoAnswer(a.parentsAware)),
  }),
  oneQuestion({
    slug: 'who-are-you',
    fields: {
      referrerKind: radios({
        label: 'Who are you?',
        options: publicReferrerKinds.map((k) => ({ value: k.id, text: k.label })),
        required: publicMessages.referrerKindMissing,
      }),
    },
    summary: (a) => publicReferrerKinds.find((k) => k.id === a.referrerKind)?.label ?? 'Not answered',
  }),
  {
    slug: 'your-details',
    heading: 'Your contact details (optional)',
    intro:
      'You do not have to give them. If you give an email address we will email you your reference, and nothing else. Children’s social care may contact you if they need to know more.',
    fields: {
      referrerName: text({ label: 'Your name', max: 200, width: 20 }),
      referrerEmail: text({ label: 'Email address', max: 320, width: 30 }),
      referrerPhone: text({ label: 'Phone number', max: 50, width: 20 }),
    },
    check: (a, today) => {
      const v = validatePublicReferral(toPublicInput({ ...a, referrerKind: 'other' }), today)
      const f = fieldProblems(v)
      return Object.fromEntries(
        ['referrerName', 'referrerEmail', 'referrerPhone'].flatMap((n) => (f[n] === undefined ? [] : [[n, f[n]]])),
      )
    },
    summary: (a) =>
      [
        a.referrerKind === 'anonymous' ? '' : orNot(a.referrerName, ''),
        orNot(a.referrerEmail, ''),
        orNot(a.referrerPhone, ''),
      ]
        .filter((s) => s !== '')
        .join(', ') || 'Not given',
  },
  oneQuestion({
    slug: 'keep-your-identity',
    fields: {
      identityWithheld: radios({
        label: 'Should we keep who you are from the child’s family?',
        hint: 'Children’s social care may tell the family who raised a concern. Say yes if they must not, for example because you fear for your safety.',
        options: optionsOf(
          { yes: 'Yes, do not tell the family who I am', no: 'No, the family may be told' },
          { yes: ['identityWithheldReason'] },
        ),
        required: identityMessages.publicMissing,
      }),
      identityWithheldReason: textarea({ label: 'Tell us why, if you want to (optional)', max: 2_000, rows: 3 }),
    },
    summary: (a) =>
      a.identityWithheld === 'yes'
        ? `Yes${orNot(a.identityWithheldReason, '') === '' ? '' : `: ${a.identityWithheldReason ?? ''}`}`
        : yesNoAnswer(a.identityWithheld),
  }),
]

/** The answers a page's form sent, read field by field (GOV.UK date inputs keep their three parts). */
export function pageAnswers(question: PublicQuestion, body: Readonly<Record<string, unknown>>): Record<string, string> {
  const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '')
  const out: Record<string, string> = {}
  for (const [name, spec] of Object.entries(question.fields)) {
    const max = 'max' in spec ? spec.max * 2 : 100
    if (spec.kind === 'date')
      for (const p of ['day', 'month', 'year']) out[`${name}-${p}`] = str(body[`${name}-${p}`], 10)
    else out[name] = str(body[name], max)
  }
  return out
}

/** The pages that apply to these answers, in order. */
export const applicableQuestions = (answers: Answers, areaCount: number): PublicQuestion[] =>
  publicQuestions.filter((q) => q.applies?.(answers, { areaCount }) ?? true)

/** The first page not yet answered (its required fields), or undefined when every page has been through. */
export function nextQuestion(answers: Answers, areaCount: number, after?: string): PublicQuestion | undefined {
  const list = applicableQuestions(answers, areaCount)
  if (after !== undefined) {
    const i = list.findIndex((q) => q.slug === after)
    // Changing an answer from check your answers goes back there, unless a page after it is still unanswered.
    return list.slice(i + 1).find((q) => !answered(q, answers))
  }
  return list.find((q) => !answered(q, answers))
}

const answered = (q: PublicQuestion, answers: Answers) => answers[`seen:${q.slug}`] === 'yes'

/** The draft's answers as the domain's public referral (only what the chosen options reveal). */
export function toPublicInput(a: Answers): PublicReferralInput & { localAreaId: string } {
  const dob = formDate(a, 'childDob')
  const knows = a.knowsName === 'yes'
  return {
    referrerKind: a.referrerKind,
    immediateDanger: a.immediateDanger === 'yes' ? true : a.immediateDanger === 'no' ? false : undefined,
    localAreaId: a.localAreaId ?? '',
    child: {
      givenName: knows ? a.childGivenName : '',
      familyName: knows ? a.childFamilyName : '',
      dateOfBirth: dob.kind === 'date' ? dob.value : undefined,
      age: a.childAge,
      address: a.childAddress,
      description: a.knowsName === 'no' ? a.childDescription : '',
    },
    concern: a.concern ?? '',
    childLocation: a.childLocation,
    parentsAware: a.parentsAware,
    referrerName: a.referrerName,
    referrerEmail: a.referrerEmail,
    referrerPhone: a.referrerPhone,
    identity: { identityWithheld: a.identityWithheld, identityWithheldReason: a.identityWithheldReason },
  }
}

/** Which page asks each field: check your answers links an error there. */
export function pageOfField(field: string): string | undefined {
  const aliases: Record<string, string> = {
    childDateOfBirth: 'childDob',
    immediateDanger: 'immediateDanger',
    localAreaId: 'localAreaId',
  }
  const name = aliases[field] ?? field
  if (name === 'localAreaId') return 'area'
  return publicQuestions.find((q) => name in q.fields)?.slug
}

/** Check your answers: each page's answers, with a link to change them there; back to the last question. */
export function checkAnswers(answers: Answers, areas: readonly { readonly id: string; readonly name: string }[]) {
  const questions = applicableQuestions(answers, areas.length)
  const areaName = (id: string) => areas.find((a) => a.id === id)?.name ?? 'Not answered'
  const last = questions[questions.length - 1]
  return {
    rows: questions.map((q) => ({
      key: { text: q.heading.replace(/ \(optional\)$/, '') },
      value: { text: q.summary(answers, { areaName }) },
      actions: {
        items: [
          { href: `${publicPage(q.slug)}?change=yes`, text: 'Change', visuallyHiddenText: q.heading.toLowerCase() },
        ],
      },
    })),
    backHref: last === undefined ? PUBLIC_REPORT_PATH : publicPage(last.slug),
  }
}
