import type { Deps } from '../../../platform/context.js'
import { localDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { findUserByEmail } from '../../people/queries/loadActor.js'
import { stageStories } from './stageStories.js'
import { storyChild, storyConcern, type DemoPeople, type DemoStory } from './story.js'

/**
 * The living demo: stories that put the Northshire demo area's families at every stage, each told through the
 * service's own use cases (never rows written directly), so the demo shows what the product does and stays
 * consistent with its rules and audit trail.
 *
 * EXTENSION POINT for other modules: add a story to `demoStories` below (family help episode with a review due,
 * serious incident under rapid review, training about to lapse...). A story is told once per database: its id is
 * recorded in the setting table (`demo.story.<id>`), so `together seed --demo` and later starts tell only new
 * stories. A story must not depend on the clock's day beyond "now" (the demo may be started on any day).
 */
export type { DemoPeople, DemoStory }

const date = (y: number, m: number, d: number): LocalDate => {
  const r = localDate(y, m, d)
  if (!r.ok) throw new Error(`demo date ${y}-${m}-${d}`)
  return r.value
}

/** New concerns waiting in Oakfield Primary's safeguarding inbox, one of them urgent (police called). */
const concernsInTheInbox: DemoStory = {
  id: 'concerns-in-dsl-inbox',
  summary: 'Two new concerns in Oakfield Primary’s safeguarding inbox, one urgent',
  tell: async (deps, people) => {
    const dsl = await people.actor('dsl@oakfield-primary.example')
    const teacher = await people.actor('teacher@oakfield-primary.example')
    const now = deps.clock.now().getTime()
    const mia = await storyChild(deps, dsl, {
      givenName: 'Mia',
      familyName: 'Thornton',
      dateOfBirth: date(2017, 3, 9),
      sex: 'female',
    })
    const jay = await storyChild(deps, dsl, {
      givenName: 'Jayden',
      familyName: 'Cole',
      dateOfBirth: date(2015, 10, 21),
      sex: 'male',
    })
    await storyConcern(deps, teacher, 'concern', {
      childIds: [mia.id],
      facts: 'Mia arrived without a coat for the third day running and ate two breakfasts at breakfast club.',
      observedAtMs: now - 3 * 3_600_000,
      place: 'Breakfast club',
      childWords: 'There was no food at home last night.',
      othersPresent: 'Breakfast club assistant',
      categories: ['neglect'],
      actionTaken: 'Gave her a coat from lost property and told the DSL.',
      immediateDanger: false,
    })
    await storyConcern(deps, teacher, 'urgent concern', {
      childIds: [jay.id],
      facts:
        'Jayden said a man he met online is collecting him from the school gate today and told him not to tell anyone.',
      observedAtMs: now - 30 * 60_000,
      place: 'Classroom',
      childWords: 'He said he would give me a phone if I come on my own.',
      othersPresent: '',
      categories: ['sexual_abuse'],
      actionTaken: 'Kept Jayden with me and called the police.',
      immediateDanger: true,
      policeCalledAtMs: now - 20 * 60_000,
      policeReference: 'NP-2026-0417',
    })
  },
}

/** Every story the demo tells, in order. Other modules add theirs here. */
export const demoStories: readonly DemoStory[] = [concernsInTheInbox, ...stageStories]

/** Tells each story not yet told in this database; answers the ids told now. Idempotent. */
export async function tellDemoStories(deps: Deps, stories: readonly DemoStory[] = demoStories): Promise<string[]> {
  const people: DemoPeople = {
    actor: async (email) => {
      const user = await findUserByEmail(deps.db, email)
      if (user === undefined) throw new Error(`demo story: no demo user ${email}`)
      return user.actor
    },
  }
  const told: string[] = []
  for (const story of stories) {
    const key = `demo.story.${story.id}`
    const done = await deps.db.selectFrom('setting').select('key').where('key', '=', key).executeTakeFirst()
    if (done !== undefined) continue
    await story.tell(deps, people)
    await deps.db
      .insertInto('setting')
      .values({ key, value: JSON.stringify({ toldAt: deps.clock.now().toISOString() }) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute()
    told.push(story.id)
  }
  return told
}
