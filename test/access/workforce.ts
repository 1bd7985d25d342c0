import { randomUUID } from 'node:crypto'
import {
  recordAllegation,
  recordLowLevelConcern,
  referToLado,
  reviewLowLevelConcern,
} from '../../src/modules/allegations/index.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { createUser } from '../../src/modules/people/steps/createUser.js'
import { findUserById } from '../../src/modules/people/queries/loadActor.js'
import { recordTrainingCompletion } from '../../src/modules/training/index.js'
import { sendChildProtectionFile } from '../../src/modules/transfers/index.js'
import { localDate } from '../../src/platform/calendar/localDate.js'
import type { Deps } from '../../src/platform/context.js'
import type { Actor } from '../../src/platform/identity/actor.js'
import type { Role } from '../../src/platform/identity/roles.js'
import { runStep, type AnyStep } from '../../src/platform/steps/defineStep.js'
import { DEMO } from '../support/testApp.js'
import type { Member, Organisation, Principal } from './world.js'

/**
 * The workforce and schools' records for the access matrix, made through the product's own steps: training
 * records, allegations about adults (with the area's LADO), low-level concerns and child protection files sent
 * between schools. Shared ones serve denied cells and reads; allowed cells that use a record up get a fresh one.
 * Allegations "of the area" and files sent from another area come from a school of Together's fixtures that has
 * no principal in it, so that nobody asking is their case manager or sender by accident.
 */
export type WorkforceFresh =
  | 'trainingRecord'
  | 'allegation:recorded'
  | 'allegation:referred'
  | 'lowLevelConcern:recorded'
  | 'lowLevelConcern:allegation'
  | 'transfer'
  | 'fileLink'

/** What the fixtures need from the world they live in. */
export interface WorkforceHost {
  readonly deps: Deps
  readonly organisations: readonly Organisation[]
  readonly secretIds: Set<string>
  colleagueOf(m: Member): Member
  partnerOf(org: Organisation): Organisation
  otherArea(areaId: string): string
  today(): string
  next(): number
}

const CASE_MANAGERS: readonly Role[] = ['head', 'chair_of_governors', 'dsl', 'deputy_dsl']
const SCHOOL_DSLS: readonly Role[] = ['dsl', 'deputy_dsl']
const has = (actor: Actor, roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r))
const meta = () => ({ correlationId: `fixture-${randomUUID()}`, ip: '127.0.0.1' })

export class WorkforceFixtures {
  private readonly memo = new Map<string, Promise<string | undefined>>()
  private readonly academyOf = new Map<string, Promise<Actor>>()

  constructor(private readonly host: WorkforceHost) {}

  /** Once per key: the shared record of a relation (promises, so cells asking at once share one). */
  private once(key: string, make: () => Promise<string | undefined>): Promise<string | undefined> {
    let found = this.memo.get(key)
    if (found === undefined) {
      found = make()
      this.memo.set(key, found)
    }
    return found
  }

  private async run(step: AnyStep, actor: Actor, params: Record<string, string>, body: object) {
    const outcome = await runStep(this.host.deps, step, actor, params, body, undefined, meta())
    if (!outcome.ok) throw new Error(`fixture: ${step.operationId} refused: ${JSON.stringify(outcome.error)}`)
    const id = (outcome.value.output as { id: string }).id
    this.host.secretIds.add(id)
    return id
  }

  /** A school in the area with a DSL who asks nothing in the matrix (made on first use). */
  private academyDsl(areaId: string): Promise<Actor> {
    let found = this.academyOf.get(areaId)
    if (found === undefined) {
      found = (async () => {
        const n = this.host.next()
        const orgId = randomUUID()
        await this.host.deps.db
          .insertInto('organisation')
          .values({
            id: orgId,
            local_area_id: areaId,
            name: `Matrix Academy ${n}`,
            kind: 'school',
            statutory_partner: false,
            created_at: this.host.deps.clock.now(),
          })
          .execute()
        const made = await createUser(this.host.deps, {
          organisation: orgId,
          email: `matrix.dsl.${n}@matrix-academy.example`,
          displayName: 'Matrix Academy Lead',
          roles: ['dsl'],
          password: DEMO.password,
          operator: 'matrix',
        })
        if (!made.ok) throw new Error(`fixture: academy DSL: ${made.error.message}`)
        const record = await findUserById(this.host.deps.db, made.value.userId)
        if (record === undefined) throw new Error('fixture: no academy DSL')
        return record.actor
      })()
      this.academyOf.set(areaId, found)
    }
    return found
  }

  private training(actor: Actor): Promise<string> {
    return this.run(
      recordTrainingCompletion,
      actor,
      {},
      {
        course: 'level_1',
        title: 'Matrix course',
        provider: 'The access matrix',
        completedOn: this.host.today(),
        hours: '2',
      },
    )
  }

  private allegationBy(actor: Actor): Promise<string> {
    return this.run(
      recordAllegation,
      actor,
      {},
      {
        subjectName: 'Qwmatrix Adult',
        subjectRole: 'Coach',
        subjectEmployer: 'The access matrix',
        awareOn: this.host.today(),
        account: 'Zyxfact: alleged by the matrix.',
        limbs: ['harmed'],
      },
    )
  }

  private async referredAllegationBy(actor: Actor): Promise<string> {
    const id = await this.allegationBy(actor)
    await this.run(referToLado, actor, { allegationId: id }, { sentOn: this.host.today() })
    return id
  }

  private lowLevelBy(actor: Actor): Promise<string> {
    return this.run(
      recordLowLevelConcern,
      actor,
      {},
      {
        subjectName: 'Qwmatrix Adult',
        subjectKind: 'volunteer',
        account: 'Zyxfact: a nagging doubt.',
      },
    )
  }

  /** A low-level concern the head has reviewed as meeting the harm threshold; none where there is no head. */
  private async lowLevelForAllegation(raiser: Member): Promise<string | undefined> {
    const org = this.orgOf(raiser.actor)
    const head = org.members.find((m) => m.actor.roles.includes('head'))
    if (head === undefined) return undefined
    const id = await this.lowLevelBy(raiser.actor)
    await this.run(
      reviewLowLevelConcern,
      head.actor,
      { concernId: id },
      {
        decision: 'allegation',
      },
    )
    return id
  }

  private orgOf(actor: Actor): Organisation {
    return this.host.organisations.find((o) => o.id === actor.organisationId) as Organisation
  }

  /** A new child known to the sender's school only, so sending the file involves the new school with nobody else. */
  private async fileFor(sender: Actor, toUrn: string | undefined): Promise<string> {
    const n = this.host.next()
    const dateOfBirth = localDate(2014, 1 + (n % 12), 1 + (n % 28))
    if (!dateOfBirth.ok) throw new Error('fixture: date of birth')
    const child = await createChild(
      this.host.deps,
      sender,
      { givenName: `Qwmatrixfile`, familyName: `Zyxleakfile${n}`, dateOfBirth: dateOfBirth.value, sex: 'male' },
      meta(),
    )
    if (!child.ok) throw new Error(`fixture: child for a file: ${child.error.message}`)
    this.host.secretIds.add(child.value.id)
    const destination =
      toUrn === undefined
        ? { destination: 'by_link', toSchoolName: 'Matrix School', toEmail: 'dsl@matrix-school.example' }
        : { destination: 'on_together', toUrn }
    return this.run(
      sendChildProtectionFile,
      sender,
      { childId: child.value.id },
      {
        movedOn: this.host.today(),
        reason: 'in_year',
        ...destination,
      },
    )
  }

  /** The organisation's URN, if it is a school on Together with a DSL (only those send and receive files). */
  private async schoolOf(org: Organisation): Promise<{ urn: string; dsl: Member } | undefined> {
    const dsl = org.members.find((m) => has(m.actor, SCHOOL_DSLS))
    const row = await this.host.deps.db
      .selectFrom('organisation')
      .select(['urn', 'kind'])
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow()
    if (dsl === undefined || row.urn === null || !['school', 'college'].includes(row.kind)) return undefined
    return { urn: row.urn, dsl }
  }

  /** Another school of the area on Together (the other end of a file's journey). */
  private async otherSchool(org: Organisation): Promise<{ urn: string; dsl: Member } | undefined> {
    for (const o of this.host.organisations) {
      if (o.id === org.id || o.localAreaId !== org.localAreaId) continue
      const school = await this.schoolOf(o)
      if (school !== undefined) return school
    }
    return undefined
  }

  /** A file sent by link from a school of the area, and the link's token as the email gives it. */
  private async linkFrom(areaId: string): Promise<string> {
    const id = await this.fileFor(await this.academyDsl(areaId), undefined)
    const mail = await this.host.deps.db
      .selectFrom('notification_outbox')
      .select('body')
      .where('related_id', '=', id)
      .executeTakeFirstOrThrow()
    const token = /\/child-protection-file\/([A-Za-z0-9_-]+)/.exec(mail.body)?.[1]
    if (token === undefined) throw new Error('fixture: no link in the email')
    return token
  }

  async subject(kind: string, relation: string, p: Principal, fresh: WorkforceFresh | undefined) {
    const m = p.member
    const org = p.organisation
    if (relation === 'unknown') return randomUUID()
    switch (kind) {
      case 'trainingRecord': {
        const who =
          relation === 'own'
            ? m
            : relation === 'colleague'
              ? this.host.colleagueOf(m)
              : (this.host.partnerOf(org).members[0] as Member)
        if (fresh === 'trainingRecord' && relation === 'colleague') return this.training(who.actor)
        return this.once(`training:${who.email}`, () => this.training(who.actor))
      }
      case 'allegation': {
        if (relation === 'managed') {
          if (!has(m.actor, CASE_MANAGERS)) return undefined
          if (fresh === 'allegation:recorded') return this.allegationBy(m.actor)
          return this.once(`allegation:${m.email}`, () => this.allegationBy(m.actor))
        }
        const areaId = relation === 'area' ? org.localAreaId : this.host.otherArea(org.localAreaId)
        const recorder = await this.academyDsl(areaId)
        if (fresh === 'allegation:referred') return this.referredAllegationBy(recorder)
        if (fresh === 'allegation:recorded') return this.allegationBy(recorder)
        return this.once(`allegation:area:${areaId}`, () => this.allegationBy(recorder))
      }
      case 'lowLevelConcern': {
        const raiser =
          relation === 'own'
            ? m
            : relation === 'colleague'
              ? this.host.colleagueOf(m)
              : (this.host.partnerOf(org).members[0] as Member)
        if (fresh === 'lowLevelConcern:recorded') return this.lowLevelBy(raiser.actor)
        if (fresh === 'lowLevelConcern:allegation') return this.lowLevelForAllegation(raiser)
        return this.once(`llc:${raiser.email}`, () => this.lowLevelBy(raiser.actor))
      }
      case 'fileLink':
        if (fresh === 'fileLink') return this.linkFrom(org.localAreaId)
        return this.once(`link:${org.localAreaId}`, () => this.linkFrom(org.localAreaId))
      case 'transfer': {
        if (relation === 'elsewhere') {
          const areaId = this.host.otherArea(org.localAreaId)
          return this.once(`transfer:elsewhere:${areaId}`, async () =>
            this.fileFor(await this.academyDsl(areaId), undefined),
          )
        }
        const mine = await this.schoolOf(org)
        const other = await this.otherSchool(org)
        if (mine === undefined || other === undefined) return undefined
        if (relation === 'incoming') {
          if (fresh === 'transfer') return this.fileFor(other.dsl.actor, mine.urn)
          return this.once(`transfer:to:${org.id}`, () => this.fileFor(other.dsl.actor, mine.urn))
        }
        return this.once(`transfer:from:${org.id}`, () => this.fileFor(mine.dsl.actor, other.urn))
      }
    }
    throw new Error(`fixture: ${relation} is not a relation of a ${kind}`)
  }
}
