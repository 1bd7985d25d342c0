import type { Deps } from '../../../platform/context.js'
import { createCalendar } from '../../../platform/calendar/calendar.js'
import {
  addDays,
  addMonths,
  daysBetween,
  formatLocalDate,
  type LocalDate,
} from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { takeStep, type Step } from '../../../platform/steps/defineStep.js'
import { todayInEngland } from '../../../platform/calendar/london.js'
import { recordChildCensusDetails } from '../../children/steps/recordChildCensusDetails.js'
import { acknowledgeConcern } from '../../concerns/steps/acknowledgeConcern.js'
import { decideConcern } from '../../concerns/steps/decideConcern.js'
import { assignLeadPractitioner } from '../../family-help/steps/assignLeadPractitioner.js'
import { recordFamilyHelpAssessment } from '../../family-help/steps/recordFamilyHelpAssessment.js'
import { recordFamilyHelpConsent } from '../../family-help/steps/recordFamilyHelpConsent.js'
import { recordFamilyPlan } from '../../family-help/steps/recordFamilyPlan.js'
import { notifySeriousIncident, startRapidReview } from '../../partnership/steps/learning.js'
import { concludeSection47 } from '../../protection/steps/concludeSection47.js'
import { holdInitialConference } from '../../protection/steps/holdInitialConference.js'
import { recordStrategyDiscussion } from '../../protection/steps/recordStrategyDiscussion.js'
import { scheduleConference } from '../../protection/steps/scheduleConference.js'
import { updateAssessment } from '../../protection/steps/updateAssessment.js'
import { decideReferral } from '../../referrals/steps/decideReferral.js'
import { recordTrainingCompletion } from '../../training/steps/recordTrainingCompletion.js'
import { storyChild, storyConcern, storyMeta, type DemoStory } from './story.js'

/**
 * The families at every stage (issue 15, item 5), each told through the service's own use cases. A story that
 * happened days or weeks ago is told with the run's injected clock moved back by that much (`storyDeps`), so the
 * records, their clocks and their audit rows all say when it happened, and whatever day the demo starts, the
 * review, the core group and the rapid review are due soon rather than long overdue or far away.
 */

const DAY = 86_400_000
const HOUR = 3_600_000

/** The run's clock moved back `daysAgo` days; it moves on a second at each reading, so the steps keep their order. */
export function storyDeps(deps: Deps, daysAgo: number): Deps {
  let at = deps.clock.now().getTime() - daysAgo * DAY
  return {
    ...deps,
    clock: {
      now: () => {
        at += 1_000
        return new Date(at)
      },
    },
  }
}

const iso = formatLocalDate
const today = (deps: Deps): LocalDate => todayInEngland(deps.clock.now())
const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})
/** The time in England now, to the minute (so never in the future for the step that checks it). */
const timeNow = (deps: Deps): string => londonTime.format(deps.clock.now())

/** A child of the story, recorded by `actor`, aged `years` and `months` on the story's day whatever day the demo starts. */
async function childAged(
  deps: Deps,
  actor: Actor,
  details: Omit<Parameters<typeof storyChild>[2], 'dateOfBirth'>,
  years: number,
  months: number,
): Promise<{ id: string }> {
  const dateOfBirth = addMonths(today(deps), -12 * years - months)
  return storyChild(deps, actor, { ...details, dateOfBirth })
}

/**
 * Takes a declared step as its page or API would (one transaction, access, checks, audit). A refusal means the
 * story no longer fits the service, so it stops the story with the refusal's message.
 */
async function step<L, O>(
  deps: Deps,
  declared: Step<L, O>,
  actor: Actor,
  params: Readonly<Record<string, string>>,
  body: Record<string, unknown>,
): Promise<O> {
  const taken = await takeStep(deps, declared, actor, params, body, storyMeta)
  if (!taken.ok) throw new Error(`demo story: ${declared.operationId}: ${taken.error.message}`)
  return taken.value
}

async function organisationId(deps: Deps, name: string): Promise<string> {
  const o = await deps.db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirst()
  if (o === undefined) throw new Error(`demo story: no organisation ${name}`)
  return o.id
}

/** A concern about one child recorded by `by`, acknowledged by the designated safeguarding lead `dsl`. */
async function acknowledgedConcern(
  deps: Deps,
  by: Actor,
  dsl: Actor,
  input: Omit<Parameters<typeof storyConcern>[3], 'observedAtMs'> & { readonly hoursAgo: number },
): Promise<string> {
  const { hoursAgo, ...rest } = input
  const concern = await storyConcern(deps, by, 'concern', {
    ...rest,
    observedAtMs: deps.clock.now().getTime() - hoursAgo * HOUR,
  })
  await step(deps, acknowledgeConcern, dsl, { id: concern.id }, {})
  return concern.id
}

/** A referral from the football club's welfare officer, waiting at the front door for a decision (T1). */
const referralAtTheFrontDoor: DemoStory = {
  id: 'referral-at-front-door',
  summary: 'A referral from Northshire Youth Football Club waiting at the front door',
  tell: async (runDeps, people) => {
    const deps = storyDeps(runDeps, 0)
    const coach = await people.actor('coach@northshire-youth-fc.example')
    const welfare = await people.actor('welfare.officer@northshire-youth-fc.example')
    const child = await childAged(deps, coach, { givenName: 'Kai', familyName: 'Brennan', sex: 'male' }, 13, 4)
    const concernId = await acknowledgedConcern(deps, coach, welfare, {
      childIds: [child.id],
      facts:
        'Kai has come to training three times with new expensive trainers and a second phone, and is picked up by older teenagers in a car.',
      place: 'Training ground',
      childWords: 'I do jobs for them. It’s fine, I get paid.',
      othersPresent: 'Assistant coach',
      categories: ['cce'],
      actionTaken: 'Told the welfare officer the same evening.',
      immediateDanger: false,
      hoursAgo: 5,
    })
    await step(
      deps,
      decideConcern,
      welfare,
      { id: concernId },
      {
        kind: 'refer_to_childrens_social_care',
        rationale: 'Signs of criminal exploitation: gifts, a second phone and older young people collecting him.',
        parentsAware: 'yes',
        parentalConsent: 'given',
      },
    )
  },
}

/** A family in family help for five weeks, whose first review (six weeks from the plan) is due within days. */
const familyHelpReviewDue: DemoStory = {
  id: 'family-help-review-due',
  summary: 'A Riverside Academy family in family help, with its first review due this week',
  tell: async (runDeps, people) => {
    const deps = storyDeps(runDeps, 38)
    const teacher = await people.actor('teacher@riverside-academy.example')
    const dsl = await people.actor('dsl@riverside-academy.example')
    const child = await childAged(deps, teacher, { givenName: 'Ruby', familyName: 'Hale', sex: 'female' }, 9, 7)
    const concernId = await acknowledgedConcern(deps, teacher, dsl, {
      childIds: [child.id],
      facts: 'Ruby has been late eleven times this half term and often has no lunch. Her mum says she is struggling.',
      place: 'Classroom',
      childWords: 'Mum is tired all the time so I get my brother ready.',
      othersPresent: 'None',
      categories: ['neglect'],
      actionTaken: 'Gave Ruby breakfast and told the DSL.',
      immediateDanger: false,
      hoursAgo: 2,
    })
    const decided = await step(
      deps,
      decideConcern,
      dsl,
      { id: concernId },
      { kind: 'early_help', rationale: 'Needs below the threshold for social care; Ruby’s mum wants help.' },
    )
    const id = decided.familyHelpEpisodeId
    if (id === undefined) throw new Error('demo story: the early help decision opened no family help episode')
    const on = iso(today(deps))
    await step(
      deps,
      recordFamilyHelpConsent,
      dsl,
      { id },
      {
        outcome: 'given',
        givenBy: 'parent_or_carer',
        givenByName: 'Donna Hale',
        scope: 'Help with morning routines, attendance and Donna’s health',
        decidedOn: on,
      },
    )
    await step(
      deps,
      assignLeadPractitioner,
      dsl,
      { id },
      {
        email: 'teacher@riverside-academy.example',
        familyHadSay: 'yes',
        startsOn: on,
      },
    )
    await step(
      deps,
      recordFamilyHelpAssessment,
      teacher,
      { id },
      {
        startedOn: on,
        completedOn: on,
        needs: ['education', 'health'],
        needsSummary: 'Attendance 84%; mother’s low mood since the birth of Ruby’s brother.',
        factors: ['4B'],
        strengths: 'Close to her grandmother, who lives nearby; Ruby loves reading.',
        childVoice: 'I want to get to school on time and have my lunch.',
        parentsVoice: 'I need help in the mornings until I am feeling better.',
      },
    )
    await step(
      deps,
      recordFamilyPlan,
      teacher,
      { id },
      {
        agreedOn: on,
        action1What: 'Breakfast club place',
        action1Who: 'Riverside Academy',
        action1ByWhen: iso(addDays(today(deps), 7)),
        action2What: 'Health visitor home visit for Donna',
        action2Who: 'Northshire NHS Foundation Trust',
        action2ByWhen: iso(addDays(today(deps), 14)),
        action3What: 'Grandmother to do the school run on Mondays and Tuesdays',
        action3Who: 'Ruby’s grandmother',
        action3ByWhen: iso(addDays(today(deps), 7)),
        goal1Area: 'education',
        goal1Goal: 'At school on time every day',
        goal1Score: '4',
      },
    )
  },
}

/**
 * A three-year-old on a child protection plan since last week: the initial conference was held eight working days
 * before the demo starts, so the first core group (ten working days, T6) is due in two.
 */
const childOnAPlan: DemoStory = {
  id: 'child-protection-plan-core-group-due',
  summary: 'A Beacon Nursery child on a child protection plan, with the first core group due',
  tell: async (runDeps, people) => {
    const runDay = today(runDeps)
    const deps = storyDeps(runDeps, daysBetween(createCalendar().addWorkingDays(runDay, -8), runDay))
    const practitioner = await people.actor('practitioner@beacon-nursery.example')
    const dsl = await people.actor('dsl@beacon-nursery.example')
    const frontDoor = await people.actor('front.door@northshire-council.example')
    const socialWorker = await people.actor('social.worker@northshire-council.example')
    const manager = await people.actor('team.manager@northshire-council.example')
    const chair = await people.actor('conference.chair@northshire-council.example')
    const child = await childAged(deps, practitioner, { givenName: 'Leo', familyName: 'Marsh', sex: 'male' }, 3, 2)
    const concernId = await acknowledgedConcern(deps, practitioner, dsl, {
      childIds: [child.id],
      facts:
        'Leo arrived in the same clothes as Friday, with a strong smell and a nappy rash that has bled. He ate three portions at lunch.',
      place: 'Nursery room',
      childWords: '',
      othersPresent: 'Room leader',
      categories: ['neglect'],
      actionTaken: 'Changed and fed Leo, photographed the rash for the body map and told the DSL.',
      immediateDanger: false,
      hoursAgo: 3,
    })
    const referred = await step(
      deps,
      decideConcern,
      dsl,
      { id: concernId },
      {
        kind: 'refer_to_childrens_social_care',
        rationale: 'Third similar concern this month; neglect is getting worse despite the nursery’s support.',
        parentsAware: 'yes',
        parentalConsent: 'not_sought',
        consentNotSoughtReason: 'Mother told us she would not agree to any referral.',
      },
    )
    const referralId = referred.referralIds[0]
    if (referralId === undefined) throw new Error('demo story: the referral was not made')
    const episode = await step(
      deps,
      decideReferral,
      frontDoor,
      { id: referralId },
      {
        outcome: 'strategy_discussion',
        rationale: 'Reasonable cause to suspect significant harm from neglect; known to us twice before.',
        leadUserId: socialWorker.userId,
        teamManagerUserId: manager.userId,
      },
    )
    const on = iso(today(deps))
    await step(
      deps,
      recordStrategyDiscussion,
      socialWorker,
      { id: episode.episodeId },
      {
        heldOn: on,
        heldTime: timeNow(deps),
        attendees: [
          { agency: 'local_authority', name: 'Tom Bennett', role: 'Social worker' },
          { agency: 'police', name: 'DC Laura Price', role: 'Child protection officer' },
          { agency: 'health', name: 'Fiona Walsh', role: 'Designated nurse' },
        ],
        decision: 'section_47',
        immediateSafetyActions: 'Joint visit today; the nursery to see Leo every weekday.',
        actions: [{ action: 'Joint home visit', owner: 'Tom Bennett and DC Laura Price', dueOn: on }],
        minutes: 'All agreed the threshold for section 47 enquiries is met.',
      },
    )
    // The section 47 enquiry is carried out through the child and family assessment the strategy discussion
    // opened (Working Together 2023; T4 in the episode table): the social worker records what the joint visit
    // found as the assessment so far, with the primary need, as a social worker would before the conference, and
    // Leo's ethnicity and disability, which the children in need census asks of every child in need.
    await step(
      deps,
      updateAssessment,
      socialWorker,
      { id: episode.episodeId },
      {
        childSeenOn: on,
        childSeenAlone: false,
        factors: ['16A'],
        primaryNeed: 'N1',
        summary: 'Seen at home on the joint visit with his mother: no food in the house, and Leo unwashed and hungry.',
      },
    )
    await step(
      deps,
      recordChildCensusDetails,
      socialWorker,
      { childId: child.id },
      { ethnicity: 'WBRI', disabled: 'no' },
    )
    await step(
      deps,
      concludeSection47,
      socialWorker,
      { id: episode.episodeId },
      {
        finding: 'substantiated',
        outcome: 'conference',
        summary: 'The home was unsafe and without food; Leo’s needs have not been met for months.',
        concludedOn: on,
        childInNeedOutcomes: '',
      },
    )
    const conference = await step(
      deps,
      scheduleConference,
      socialWorker,
      { id: episode.episodeId },
      { scheduledOn: on, scheduledTime: timeNow(deps), chairUserId: chair.userId },
    )
    await step(
      deps,
      holdInitialConference,
      chair,
      { id: episode.episodeId, conferenceId: conference.id },
      {
        heldOn: on,
        outcome: 'child_protection_plan',
        initialCategory: 'NEG',
        leadUserId: socialWorker.userId,
        coreGroupOrganisationIds: [
          await organisationId(deps, 'Beacon Nursery'),
          await organisationId(deps, 'Northshire NHS Foundation Trust'),
        ],
        coreGroupFamily: [{ name: 'Kerry Marsh', role: 'Mother' }],
        outlinePlan: 'Weekly home visits; health visitor every fortnight; nursery five days a week.',
        contingencyPlan: 'If Leo is again found without food or care, a strategy discussion the same day.',
      },
    )
  },
}

/** A serious incident notified last week, with the rapid review under way and the agencies' summaries due. */
const seriousIncidentUnderRapidReview: DemoStory = {
  id: 'serious-incident-rapid-review',
  summary: 'A serious incident notified to the Panel, with its rapid review under way',
  tell: async (runDeps, people) => {
    const manager = await people.actor('team.manager@northshire-council.example')
    const businessManager = await people.actor('business.manager@northshire-council.example')
    const nurseryDsl = await people.actor('dsl@beacon-nursery.example')
    const notified = storyDeps(runDeps, 6)
    // 999 numbers are the NHS's own range for tests: never a real person's.
    const isla = { givenName: 'Isla', familyName: 'Grant', sex: 'female', nhsNumber: '9990001006' } as const
    const child = await childAged(notified, nurseryDsl, isla, 2, 5)
    const day = today(notified)
    const incident = await step(
      notified,
      notifySeriousIncident,
      manager,
      {},
      {
        awareOn: iso(addDays(day, -1)),
        notifiedPanelOn: iso(day),
        incidentOn: iso(addDays(day, -2)),
        location: 'The family home, Northshire',
        harm: 'serious_harm',
        abuseOrNeglect: 'suspected',
        child1NhsNumber: '9990001006',
        child1Status: 'child_in_need',
        happenedIn: 'Northshire',
        childLivesIn: 'Northshire',
      },
    )
    void child
    const started = storyDeps(runDeps, 4)
    await step(
      started,
      startRapidReview,
      businessManager,
      { incidentId: incident.id },
      {
        agencies: ['local_authority', 'police', 'health', 'education'],
        summariesDueOn: iso(addDays(today(started), 7)),
      },
    )
  },
}

/** Riverside's DSL, whose two-yearly DSL course runs out within 30 days (T22): the administrator sees it due. */
const trainingAboutToLapse: DemoStory = {
  id: 'training-about-to-lapse',
  summary: 'Riverside Academy’s DSL, whose DSL training runs out within 30 days',
  tell: async (runDeps, people) => {
    const deps = storyDeps(runDeps, 0)
    const dsl = await people.actor('dsl@riverside-academy.example')
    // Two years less three weeks ago: the course lapses three weeks from the day the demo starts.
    const formalOn = addDays(addMonths(today(deps), -24), 21)
    const refreshOn = addMonths(today(deps), -4)
    const courses = [
      { course: 'dsl_formal', title: 'Designated safeguarding lead: new to role', completedOn: formalOn, hours: '12' },
      { course: 'dsl_refresh', title: 'DSL update: Working Together 2026', completedOn: refreshOn, hours: '3' },
    ]
    for (const { completedOn, ...course } of courses) {
      const provider = 'Northshire Safeguarding Children Partnership'
      const body = { ...course, provider, completedOn: iso(completedOn), evidence: 'Staff file, school office' }
      await step(deps, recordTrainingCompletion, dsl, {}, body)
    }
  },
}

/** The stories of the families at every stage, told after the concerns in the inbox. */
export const stageStories: readonly DemoStory[] = [
  referralAtTheFrontDoor,
  familyHelpReviewDue,
  childOnAPlan,
  seriousIncidentUnderRapidReview,
  trainingAboutToLapse,
]
