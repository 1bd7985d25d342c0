/**
 * Cases for tests, made the way the service makes them: a school DSL records a concern and refers it to
 * children's social care through the existing DSL-decision path (decideConcern), then the front door opens the
 * episode with the real openEpisode and takes the real decide_referral step through takeEpisodeStep, in one
 * transaction — as the front door's own use case will once it lands.
 */
import type { Deps } from '../../src/platform/context.js'
import { findUserByEmail } from '../../src/modules/people/queries/loadActor.js'
import { addRelationship } from '../../src/modules/children/steps/addRelationship.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { acknowledgeConcern } from '../../src/modules/concerns/steps/acknowledgeConcern.js'
import { takeStep } from '../../src/platform/steps/defineStep.js'
import { decideConcern } from '../../src/modules/concerns/steps/decideConcern.js'
import { recordConcernFor } from '../../src/modules/concerns/steps/recordConcern.js'
import { openEpisode } from '../../src/modules/protection/steps/openEpisode.js'
import { takeEpisodeStep } from '../../src/modules/protection/steps/takeEpisodeStep.js'
import { todayInEngland } from '../../src/modules/timescales/steps/partnershipClock.js'
import { localDate, type LocalDate } from '../../src/platform/calendar/localDate.js'
import type { Actor } from '../../src/platform/identity/actor.js'

export const PEOPLE = {
  dsl: 'dsl@oakfield-primary.example',
  frontDoor: 'front.door@northshire-council.example',
  socialWorker: 'social.worker@northshire-council.example',
  teamManager: 'team.manager@northshire-council.example',
  chair: 'conference.chair@northshire-council.example',
  police: 'dc.officer@northshire-police.example',
  designatedNurse: 'designated.nurse@northshire-icb.example',
  gp: 'safeguarding.lead@elmtree-surgery.example',
  riversideDsl: 'dsl@riverside-academy.example',
} as const

export async function actorFor(deps: Deps, email: string): Promise<Actor> {
  const user = await findUserByEmail(deps.db, email)
  if (user === undefined) throw new Error(`No user ${email}: seed the demo area first`)
  return user.actor
}

const meta = { correlationId: 'protection-fixture' }

export interface CaseFixture {
  readonly episodeId: string
  readonly referralId: string
  readonly childId: string
  readonly siblingId: string | undefined
  readonly childName: string
}

/**
 * A child, a concern and a referral from Oakfield Primary's DSL, and the front door's decision
 * (`outcome`: 'assessment', 'strategy_discussion', ...). With `sibling`, a brother recorded in the same
 * household, so the conference has another child to consider.
 */
export async function caseAfterFrontDoor(
  deps: Deps,
  options: {
    readonly outcome?: string
    readonly givenName?: string
    readonly familyName?: string
    readonly dateOfBirth?: LocalDate
    readonly sibling?: boolean
    /** The DSL's answer to "must the family not be told who made this referral?" (left out: not asked). */
    readonly identity?: { readonly identityWithheld: string; readonly identityWithheldReason?: string }
  } = {},
): Promise<CaseFixture> {
  const dsl = await actorFor(deps, PEOPLE.dsl)
  const frontDoor = await actorFor(deps, PEOPLE.frontDoor)
  const givenName = options.givenName ?? 'Amira'
  const familyName = options.familyName ?? 'Okafor'
  const dob = options.dateOfBirth ?? (localDate(2018, 4, 12) as { ok: true; value: LocalDate }).value
  const child = await createChild(deps, dsl, { givenName, familyName, dateOfBirth: dob, sex: 'female' }, meta)
  if (!child.ok) throw new Error(`createChild: ${child.error.message}`)
  let siblingId: string | undefined
  if (options.sibling === true) {
    const sibling = await createChild(
      deps,
      dsl,
      {
        givenName: 'Tobi',
        familyName,
        dateOfBirth: (localDate(2020, 9, 3) as { ok: true; value: LocalDate }).value,
        sex: 'male',
      },
      meta,
    )
    if (!sibling.ok) throw new Error(`createChild: ${sibling.error.message}`)
    siblingId = sibling.value.id
    const rel = await takeStep(
      deps,
      addRelationship,
      dsl,
      { id: child.value.id },
      { otherChildId: siblingId, relationship: 'sibling', sameHousehold: true },
      meta,
    )
    if (!rel.ok) throw new Error(`addRelationship: ${rel.error.message}`)
  }
  const now = deps.clock.now()
  const concern = await recordConcernFor(
    deps,
    dsl,
    {
      childIds: [child.value.id],
      facts: 'Bruising to both upper arms in the shape of fingertips, seen when she changed for PE.',
      observedAtMs: now.getTime() - 60 * 60_000,
      place: 'Changing room',
      childWords: 'Mum’s boyfriend grabs me when he is angry.',
      othersPresent: '',
      categories: ['physical_abuse'],
      bodyMap: [],
      actionTaken: 'Spoke to the DSL at once.',
      immediateDanger: false,
    },
    meta,
  )
  if (!concern.ok) throw new Error(`recordConcern: ${concern.error.message}`)
  const acknowledged = await takeStep(deps, acknowledgeConcern, dsl, { id: concern.value.id }, {}, meta)
  if (!acknowledged.ok) throw new Error(`acknowledgeConcern: ${acknowledged.error.message}`)
  const decided = await takeStep(
    deps,
    decideConcern,
    dsl,
    { id: concern.value.id },
    {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Marks and her account suggest physical abuse at home: referral to children’s social care.',
      parentsAware: 'no',
      parentalConsent: 'not_sought',
      consentNotSoughtReason: 'Telling the parents could put the child at risk.',
      ...options.identity,
    },
    meta,
  )
  if (!decided.ok) throw new Error(`decideConcern: ${decided.error.message}`)
  const referralId = decided.value.referralIds[0]
  if (referralId === undefined) throw new Error('decideConcern made no referral')

  const episodeId = await deps.db.transaction().execute(async (tx) => {
    const referral = await tx
      .selectFrom('referral')
      .select(['id', 'child_id', 'to_organisation_id', 'received_at'])
      .where('id', '=', referralId)
      .executeTakeFirstOrThrow()
    if (referral.child_id === null) throw new Error('referral without a child')
    const opened = await openEpisode(
      tx,
      {
        id: referral.id,
        childId: referral.child_id,
        toOrganisationId: referral.to_organisation_id,
        receivedOn: todayInEngland(referral.received_at),
      },
      now,
    )
    const taken = await takeEpisodeStep(
      tx,
      frontDoor,
      opened,
      {
        step: 'decide_referral',
        outcome: options.outcome ?? 'strategy_discussion',
        occurredOn: todayInEngland(now),
        rationale: 'Reasonable cause to suspect significant harm.',
      },
      now,
      meta,
    )
    if (!taken.ok) throw new Error(`decide_referral: ${taken.error.message}`)
    return opened.episode.id
  })
  return { episodeId, referralId, childId: child.value.id, siblingId, childName: `${givenName} ${familyName}` }
}
