import { randomBytes, randomUUID } from 'node:crypto'
import { createUser } from '../../src/modules/people/steps/createUser.js'
import { invitationOf, inviteUser } from '../../src/modules/people/steps/inviteUser.js'
import { findUserById } from '../../src/modules/people/queries/loadActor.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { saveDraft, startDraft } from '../../src/modules/concerns/steps/concernDrafts.js'
import { requestInformation } from '../../src/modules/concerns/steps/concernEvents.js'
import { acknowledgeConcern } from '../../src/modules/concerns/steps/acknowledgeConcern.js'
import { recordConcernFor } from '../../src/modules/concerns/steps/recordConcern.js'
import { enqueueNotification } from '../../src/modules/notifications/steps/enqueueNotification.js'
import { checkProtectionPlanStep } from '../../src/modules/protection-check/steps/checkProtectionPlan.js'
import { linkReferralChild } from '../../src/modules/referrals/steps/linkReferralChild.js'
import { sendPublicReportFromCode } from '../support/publicReport.js'
import { makeReferral } from '../../src/modules/referrals/steps/makeReferral.js'
import { requestReferralInformation } from '../../src/modules/referrals/steps/requestInformation.js'
import { takeStep } from '../../src/platform/steps/defineStep.js'
import { addNonWorkingDay } from '../../src/modules/timescales/steps/changeNonWorkingDays.js'
import { todayInEngland } from '../../src/modules/timescales/steps/partnershipClock.js'
import { formatLocalDate, localDate } from '../../src/platform/calendar/localDate.js'
import { nhsCheckDigit } from '../../src/modules/children/domain/identifiers.js'
import type { Actor } from '../../src/platform/identity/actor.js'
import type { Role } from '../../src/platform/identity/roles.js'
import { tokenHash } from '../../src/platform/security/secrets.js'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { makeCase, type CaseStaff, type CaseState, type MadeCase } from './cases.js'
import { PartnershipFixtures, type IncidentState } from './partnership.js'
import { openEpisodeInTransaction } from '../../src/modules/family-help/index.js'
import { addTeamMemberRow } from '../../src/modules/family-help/steps/openFamilyHelpEpisode.js'
import { decideConcern } from '../../src/modules/concerns/steps/decideConcern.js'
import { DataProtectionFixtures, type DataProtectionFresh } from './dataProtection.js'
import { WorkforceFixtures, type WorkforceFresh } from './workforce.js'

/**
 * The world the access matrix runs in: every demo organisation and role, a second local area, and for every
 * person a child they recorded a concern about, so that each path parameter can be filled with something of
 * their own, of a colleague's, of another organisation's, or nothing at all. Built once per test file.
 */

/** What a path parameter (or a request's subject) can be, and how it can relate to the person asking. */
export const subjectRelations = {
  /** own: they recorded it; colleague: someone in their organisation did; other-org: another organisation did,
   * about a child theirs is not involved with; shared-child: another organisation did, about a child theirs is
   * also involved with. */
  concern: ['own', 'colleague', 'other-org', 'shared-child', 'unknown'],
  /** authored: they recorded a concern about the child; involved: their organisation is involved (a colleague
   * recorded one); uninvolved: only other organisations are (for a local authority, another area's). */
  child: ['authored', 'involved', 'uninvolved', 'unknown'],
  /** A concern being written: their own draft or another person's. */
  draft: ['own', 'other-user', 'unknown'],
  /** A user account in their organisation or another. */
  user: ['same-org', 'other-org', 'unknown'],
  /** A message in an organisation's email outbox. */
  message: ['own-org', 'other-org', 'unknown'],
  /** A local non-working day of their local area or another. */
  nonWorkingDay: ['own-area', 'other-area', 'unknown'],
  /** A statutory timescale rule (not owned by anyone). */
  rule: ['local-variation-allowed', 'unknown'],
  /** An invitation link's token. */
  invitation: ['valid', 'unknown'],
  /** A child protection plan check: one they made, one someone else made. */
  protectionCheck: ['own', 'other-user', 'unknown'],
  /** own: they made the referral; organisation: a colleague in their organisation did; received: their
   * organisation (a local authority) received it; other: neither made nor received by their organisation. */
  referral: ['own', 'organisation', 'received', 'other', 'unknown'],
  /** A local authority's request for information: to their organisation, or to another. */
  informationRequest: ['asked', 'other-org', 'unknown'],

  // Case work after the front door.
  /** A case (an episode): own-la: held by the local authority of their area (for its social care staff, their
   * own organisation); other-la: held by another area's local authority. In the shared cases with a conference
   * or a plan, every agency of the area is invited and sits in the core group: that opens no case to them. */
  case: ['own-la', 'other-la', 'unknown'],
  /** A child protection conference: invited: their organisation was invited to it; not-invited: a conference in
   * their area (or another) their organisation was not invited to. */
  conference: ['invited', 'not-invited', 'unknown'],

  // The safeguarding partnership (test/access/partnership.ts): a record of their own local area or another's.
  incident: ['own-area', 'other-area', 'unknown'],
  learningAction: ['own-area', 'other-area', 'unknown'],
  partnershipDocument: ['own-area', 'other-area', 'unknown'],
  yearlyReport: ['own-area', 'other-area', 'unknown'],
  /** A measure of the agreed data set (not owned by anyone). */
  measure: ['known', 'unknown'],
  /** A family help episode: team: in their area, with every agency of the area (not the local authority) in the
   * team around the family and no lead practitioner named; outside: one in another area. */
  familyHelp: ['team', 'outside', 'unknown'],
  // The workforce and schools (test/access/workforce.ts).
  /** A training record: colleague: a colleague's, not yet verified; own: their own; other-org: another
   * organisation's. */
  trainingRecord: ['colleague', 'own', 'other-org', 'unknown'],
  /** An allegation about an adult: area: one a school of their local area recorded (the area's LADO sees it);
   * managed: one they recorded, so they are its case manager (only case managers can); other-area. */
  allegation: ['area', 'managed', 'other-area', 'unknown'],
  /** A low-level concern about an adult who is not on Together: own: they raised it; colleague: someone in their
   * organisation did; other-org: someone in another organisation did. */
  lowLevelConcern: ['own', 'colleague', 'other-org', 'unknown'],
  /** A child protection file: incoming: sent to their school by another school of the area; outgoing: sent by
   * their school; elsewhere: sent by a school of another area (by link). Only schools on Together send and receive. */
  transfer: ['incoming', 'outgoing', 'elsewhere', 'unknown'],
  /** The token of a link to a child protection file, emailed to a school not on Together: valid: unused and in
   * date (whoever holds it may open it, as the email says). */
  fileLink: ['valid', 'unknown'],
  /** A data protection complaint: own-org: made to their organisation; other-org: made to another one. */
  dataProtectionComplaint: ['own-org', 'other-org', 'unknown'],
} as const satisfies Record<string, readonly string[]>

export type SubjectKind = keyof typeof subjectRelations
export type Relation = (typeof subjectRelations)[SubjectKind][number]

/**
 * Resources an allowed request uses up, so each allowed cell gets its own. A denied request must change
 * nothing, so denied cells use the shared fixtures.
 */
export type Fresh =
  | 'concern:new'
  | 'concern:acknowledged'
  | 'concern:information_requested'
  | 'draft:complete'
  | 'user'
  | 'nonWorkingDay'
  /** A referral to the principal's local authority, linked to a child, not yet decided. */
  | 'referral:received'
  /** A public report to the principal's local authority, not yet linked to a child record. */
  | 'referral:unlinked'
  /** A case in the state the entry asks for (test/access/cases.ts). */
  | 'case'
  /** A partnership record in the state the entry asks for (test/access/partnership.ts). */
  | 'partnership'
  /** A new family help episode in the principal's area, every agency in its team, consent not yet recorded. */
  | 'familyHelp'
  /** A concern its organisation's safeguarding lead decided to refer to the LADO. */
  | 'concern:lado'
  /** A workforce record in the state the route needs (test/access/workforce.ts). */
  | WorkforceFresh
  /** A data protection complaint waiting to be acknowledged, or acknowledged (test/access/dataProtection.ts). */
  | DataProtectionFresh

/**
 * The state a subject must be in for the route to get past its own checks, so that the access decision is what
 * the cell sees (a step refused to the wrong role must be refused for the role, not for the phase). Every cell's
 * subject is in it; with `fresh`, allowed cells get a new one. Cases: test/access/cases.ts.
 */
export type SubjectState = CaseState | `incident:${IncidentState}`

export interface Member {
  readonly email: string
  readonly actor: Actor
}

export interface Organisation {
  readonly id: string
  readonly name: string
  readonly localAreaId: string
  readonly members: readonly Member[]
}

/**
 * Who asks. Anonymous visitors, someone who has given their password but not yet their authenticator code
 * (partway), someone whose session and API token have expired, and every user.
 */
export interface Principal {
  readonly key: string
  readonly kind: 'anonymous' | 'partway' | 'expired' | 'user'
  readonly roles: readonly Role[]
  /** The person whose point of view fills path parameters (for anonymous visitors, a teacher's). */
  readonly member: Member
  readonly organisation: Organisation
}

export interface Credentials {
  /** Cookie header: the session (if any) and the CSRF secret. */
  readonly cookie: string
  /** A CSRF token that matches the cookie's secret. */
  readonly csrf: string
  /** Bearer token for the JSON API; absent when the principal cannot get one. */
  readonly bearer: string | undefined
}

const meta = () => ({ correlationId: `fixture-${randomUUID()}`, ip: '127.0.0.1' })

/** Letters only (names refuse digits): 0 → "aa", 1 → "ab", … */
const code = (n: number): string =>
  String.fromCharCode(97 + (Math.floor(n / 26) % 26)) + String.fromCharCode(97 + (n % 26))

/** A valid NHS number for fixture n, so another organisation can link to the same child by number. */
function nhsNumber(n: number): string {
  for (let k = n * 7 + 100; ; k++) {
    const nine = `40${String(k).padStart(7, '0')}`
    const check = nhsCheckDigit(nine)
    if (check !== undefined) return `${nine}${check}`
  }
}

/** Names and texts the fixtures write, so a response that shows them to the wrong person is easy to spot. */
export const LEAK_MARKERS = /Qwmatrix|Zyxleak|Zyxfact/

const unwrap = <T>(
  r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
  what: string,
): T => {
  if (!r.ok) throw new Error(`fixture: ${what} failed: ${r.error.code} ${r.error.message}`)
  return r.value
}

export class World {
  private counter = 0
  readonly organisations: Organisation[] = []
  readonly principals: Principal[] = []
  /** Every child, concern and draft id the fixtures made, and every concern reference, for the leak check. */
  readonly secretIds = new Set<string>()
  readonly secretTexts: string[] = []
  private readonly childOf = new Map<string, string>()
  private readonly concernOf = new Map<string, string>()
  private readonly draftOf = new Map<string, string>()
  private readonly sharedConcern = new Map<string, string>()
  private readonly spareUser = new Map<string, string>()
  private readonly messageOf = new Map<string, string>()
  private readonly nonWorkingDayOf = new Map<string, string>()
  private readonly protectionCheckOf = new Map<string, string>()
  private readonly nhsNumberOfMember = new Map<string, string>()
  private invitationToken = ''
  private readonly referralOf = new Map<string, string>()
  /** A referral each local authority (by organisation id) has received. */
  private readonly receivedBy = new Map<string, string>()
  /** A request for information to each organisation (by id). */
  private readonly requestTo = new Map<string, string>()
  /** A staff member who is no principal, for requests that sign someone in. */
  readonly signInTarget = 'matrix.sign-in@oakfield-primary.example'
  private readonly credentials = new Map<string, Credentials>()

  readonly partnership: PartnershipFixtures
  private readonly workforce: WorkforceFixtures
  private readonly dataProtection: DataProtectionFixtures

  private constructor(readonly ctx: TestContext) {
    this.partnership = new PartnershipFixtures(ctx.db)
    this.workforce = new WorkforceFixtures(this)
    this.dataProtection = new DataProtectionFixtures(this)
  }

  next(): number {
    return this.counter++
  }

  static async build(): Promise<World> {
    const ctx = await buildTestApp({ demoMode: true, synchronousCommit: false })
    const world = new World(ctx)
    await world.populate()
    return world
  }

  async close(): Promise<void> {
    await this.ctx.close()
  }

  get deps() {
    return this.ctx.deps
  }

  private async addSecondArea(): Promise<void> {
    const now = this.deps.clock.now()
    const areaId = randomUUID()
    const orgId = randomUUID()
    await this.ctx.db.insertInto('local_area').values({ id: areaId, name: 'Southshire', created_at: now }).execute()
    await this.ctx.db
      .insertInto('organisation')
      .values([
        {
          id: orgId,
          local_area_id: areaId,
          name: "Southshire Council children's social care",
          kind: 'la_childrens_social_care',
          statutory_partner: true,
          created_at: now,
        },
        // Someone for Southshire's front door to ask for information (it has no users of its own).
        {
          id: randomUUID(),
          local_area_id: areaId,
          name: 'Southshire Police',
          kind: 'police_force',
          statutory_partner: true,
          created_at: now,
        },
      ])
      .execute()
    for (const [email, name, roles] of [
      ['partnership.lead@southshire-council.example', 'Southshire Lead', ['partnership_lead']],
      ['social.worker@southshire-council.example', 'Southshire Worker', ['social_worker']],
    ] as const) {
      unwrap(
        await createUser(this.deps, {
          organisation: orgId,
          email,
          displayName: name,
          roles,
          password: DEMO.password,
          isDemo: true,
          operator: 'matrix',
        }),
        `create ${email}`,
      )
    }
  }

  private async populate(): Promise<void> {
    await this.addSecondArea()
    for (const area of await this.ctx.db.selectFrom('local_area').select('id').execute())
      await this.partnership.ensureSeats(area.id)
    // Someone partway through signing in: a DSL who is not a demo account, so demo mode does not skip the code.
    unwrap(
      await createUser(this.deps, {
        organisation: 'Oakfield Primary School',
        email: 'matrix.partway@oakfield-primary.example',
        displayName: 'Partway Person',
        roles: ['dsl'],
        password: DEMO.password,
        operator: 'matrix',
      }),
      'partway user',
    )
    unwrap(
      await createUser(this.deps, {
        organisation: 'Oakfield Primary School',
        email: this.signInTarget,
        displayName: 'Sign-in Target',
        roles: ['staff'],
        password: DEMO.password,
        isDemo: true,
        operator: 'matrix',
      }),
      'sign-in target',
    )

    const users = await this.ctx.db
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select(['u.id', 'u.email', 'u.is_demo', 'o.id as org_id', 'o.name as org_name', 'o.local_area_id'])
      .orderBy('o.created_at')
      .orderBy('o.name')
      .orderBy('u.created_at')
      .orderBy('u.email')
      .execute()
    const byOrg = new Map<string, { id: string; name: string; localAreaId: string; members: Member[] }>()
    for (const u of users) {
      if (!u.is_demo || u.email === this.signInTarget) continue
      const record = await findUserById(this.ctx.db, u.id)
      if (record === undefined) throw new Error(`fixture: no user ${u.email}`)
      const org = byOrg.get(u.org_id) ?? { id: u.org_id, name: u.org_name, localAreaId: u.local_area_id, members: [] }
      org.members.push({ email: u.email, actor: record.actor })
      byOrg.set(u.org_id, org)
    }
    this.organisations.push(...byOrg.values())

    // Every person records a concern about a child of their own; every draft, the same.
    for (const org of this.organisations) {
      for (const m of org.members) {
        const n = this.next()
        const child = unwrap(
          await createChild(
            this.deps,
            m.actor,
            {
              givenName: `Qwmatrix${code(n)}`,
              familyName: `Zyxleak${code(n)}`,
              dateOfBirth: unwrapDate(2015, 1 + (n % 12), 1 + (n % 28)),
              sex: 'female',
              nhsNumber: nhsNumber(n),
            },
            meta(),
          ),
          `child for ${m.email}`,
        )
        this.childOf.set(m.email, child.id)
        this.nhsNumberOfMember.set(m.email, nhsNumber(n))
        this.secretIds.add(child.id)
        this.secretTexts.push(nhsNumber(n))
        this.concernOf.set(m.email, await this.recordConcernAbout(m, child.id))
        const draft = await startDraft(this.deps, m.actor)
        this.draftOf.set(m.email, draft)
        this.secretIds.add(draft)
      }
    }
    // Another organisation (the next one along) recognises each organisation's first child and records a
    // concern too, so the child is shared and the concern is someone else's.
    for (const org of this.organisations) {
      const first = org.members[0] as Member
      const partner = this.partnerOf(org)
      const by = partner.members[0] as Member
      const child = await this.ctx.db
        .selectFrom('child')
        .selectAll()
        .where('id', '=', this.childOf.get(first.email) as string)
        .executeTakeFirstOrThrow()
      const linked = unwrap(
        await createChild(
          this.deps,
          by.actor,
          {
            givenName: child.given_name,
            familyName: child.family_name,
            dateOfBirth: unwrapDateText(child.date_of_birth),
            sex: 'female',
            nhsNumber: child.nhs_number ?? undefined,
          },
          meta(),
        ),
        'link shared child',
      )
      if (!linked.existing) throw new Error('fixture: the shared child was not recognised')
      this.sharedConcern.set(org.id, await this.recordConcernAbout(by, child.id))
    }
    // Administrators' targets, one outbox message per organisation, a local non-working day per area.
    for (const org of this.organisations) {
      const admin = org.members.find((m) => m.actor.roles.includes('org_admin'))
      if (admin !== undefined) this.spareUser.set(org.id, await this.newSpareUser(org))
      await this.deps.db.transaction().execute(async (tx) => {
        const id = await enqueueNotification(
          tx,
          {
            kind: 'matrix.test',
            organisationId: org.id,
            recipient: `someone@${org.id}.example`,
            subject: 'Matrix message',
            body: 'A message in the outbox.',
          },
          this.deps.clock.now(),
        )
        this.messageOf.set(org.id, id)
      })
    }
    for (const areaId of new Set(this.organisations.map((o) => o.localAreaId))) {
      const lead = this.organisations
        .filter((o) => o.localAreaId === areaId)
        .flatMap((o) => o.members)
        .find((m) => m.actor.roles.includes('partnership_lead'))
      if (lead === undefined) throw new Error('fixture: an area without a partnership lead')
      this.nonWorkingDayOf.set(areaId, await this.newNonWorkingDay(lead))
    }
    // Every police officer and health safeguarding lead has made a child protection plan check.
    for (const m of this.organisations.flatMap((o) => o.members)) {
      if (!m.actor.roles.some((r) => r === 'police_officer' || r === 'health_lead')) continue
      const check = unwrap(
        await takeStep(
          this.deps,
          checkProtectionPlanStep,
          m.actor,
          {},
          { nhsNumber: this.nhsNumberOfMember.get(m.email), reason: 'Matrix: attending an incident' },
          meta(),
        ),
        `check by ${m.email}`,
      )
      this.protectionCheckOf.set(m.email, check.id)
    }
    const oakfield = this.organisation('Oakfield Primary School')
    const oakfieldAdmin = oakfield.members.find((m) => m.actor.roles.includes('org_admin')) as Member
    const invited = unwrap(
      await takeStep(
        this.deps,
        inviteUser,
        oakfieldAdmin.actor,
        {},
        { email: 'matrix.invitee@oakfield-primary.example', displayName: 'Matrix Invitee', roles: ['staff'] },
        meta(),
      ),
      'invitation',
    )
    this.invitationToken = (invitationOf(invited) ?? { invitationToken: '' }).invitationToken

    await this.populateReferrals()
    await this.addCaseStaff()
    await this.findUninvolvedChildren()
    await this.signInEveryone(oakfield)
  }

  /**
   * For each organisation, a child of its area it is not involved with, to open with a reason: made for the purpose
   * by another organisation of the area, and no cell's subject, so opening it changes no other cell's answer.
   */
  private readonly uninvolvedNhsOf = new Map<string, string>()
  private async findUninvolvedChildren(): Promise<void> {
    for (const org of this.organisations) {
      const maker = this.organisations.find((o) => o.id !== org.id && o.localAreaId === org.localAreaId)
      if (maker === undefined) continue
      const n = this.next()
      const child = unwrap(
        await createChild(
          this.deps,
          (maker.members[0] as Member).actor,
          {
            givenName: `Qwmatrix${code(n)}`,
            familyName: `Zyxleak${code(n)}`,
            dateOfBirth: unwrapDate(2015, 1 + (n % 12), 1 + (n % 28)),
            sex: 'female',
            nhsNumber: nhsNumber(n),
          },
          meta(),
        ),
        `child to open for ${org.name}`,
      )
      this.secretIds.add(child.id)
      this.secretTexts.push(nhsNumber(n))
      this.uninvolvedNhsOf.set(org.id, nhsNumber(n))
    }
  }

  /** A child in the principal's area their organisation is not involved with: the NHS number, to open its record. */
  uninvolvedNhsNumberOf(principal: Principal): string {
    return this.uninvolvedNhsOf.get(principal.organisation.id) ?? nhsNumber(0)
  }

  private isLocalAuthority(org: Organisation): boolean {
    return (org.members[0] as Member).actor.organisationKind === 'la_childrens_social_care'
  }

  /** Someone at a local authority who works its front door (front door, manager or social worker). */
  private frontDoorOf(la: Organisation): Member {
    const m = la.members.find((x) =>
      x.actor.roles.some((r) => r === 'front_door' || r === 'team_manager' || r === 'social_worker'),
    )
    if (m === undefined) throw new Error(`fixture: ${la.name} has no front door`)
    return m
  }

  /** Every person outside a local authority refers their own child; each local authority receives one from the
   * public too; its front door asks each other organisation in its area something about one referral. */
  private async populateReferrals(): Promise<void> {
    this.southshirePolice = (
      await this.ctx.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'Southshire Police')
        .executeTakeFirstOrThrow()
    ).id
    for (const org of this.organisations.filter((o) => !this.isLocalAuthority(o))) {
      for (const m of org.members) {
        const made = unwrap(
          await takeStep(
            this.deps,
            makeReferral,
            m.actor,
            {},
            {
              childId: this.childOf.get(m.email),
              immediateDanger: false,
              details: { concern: `Zyxfact: referral by ${code(this.next())}.`, childLocation: 'At school' },
              parentalFactors: [],
              parentsAware: 'yes',
              parentalConsent: 'given',
            },
            meta(),
          ),
          `referral by ${m.email}`,
        )
        this.referralOf.set(m.email, made.id)
        this.secretIds.add(made.id)
        this.secretTexts.push(made.reference)
      }
    }
    for (const la of this.organisations.filter((o) => this.isLocalAuthority(o))) {
      const fromArea = this.organisations.find((o) => !this.isLocalAuthority(o) && o.localAreaId === la.localAreaId)
      this.receivedBy.set(
        la.id,
        fromArea === undefined
          ? await this.publicReport(la.localAreaId)
          : (this.referralOf.get((fromArea.members[0] as Member).email) as string),
      )
      const asker = this.frontDoorOf(la)
      for (const org of this.organisations.filter(
        (o) => o.localAreaId === la.localAreaId && !this.isLocalAuthority(o),
      )) {
        const asked = unwrap(
          await takeStep(
            this.deps,
            requestReferralInformation,
            asker.actor,
            { id: this.receivedBy.get(la.id) as string },
            { organisationId: org.id, question: 'Zyxfact: what do you know?' },
            meta(),
          ),
          `ask ${org.name}`,
        )
        this.requestTo.set(org.id, asked.id)
        this.secretIds.add(asked.id)
      }
    }
  }

  /** A report from the public to a local area, about a child named only in words. */
  private async publicReport(localAreaId: string): Promise<string> {
    const n = this.next()
    const made = unwrap(
      await sendPublicReportFromCode(
        this.deps,
        {
          localAreaId,
          referrerKind: 'acquaintance',
          immediateDanger: 'no',
          knowsName: 'yes',
          childGivenName: `Qwmatrix${code(n)}`,
          childFamilyName: `Zyxleak${code(n)}`,
          concern: 'Zyxfact: reported by the public.',
          parentsAware: 'not_sure',
          identityWithheld: 'no',
        },
        meta(),
      ),
      'public report',
    )
    this.secretIds.add(made.id)
    this.secretTexts.push(made.reference)
    return made.id
  }

  /** A new referral to the principal's local authority: a public report, linked to a child record if asked. */
  private async freshReferral(la: Organisation, linked: boolean): Promise<string> {
    const id = await this.publicReport(la.localAreaId)
    if (!linked) return id
    const front = this.frontDoorOf(la)
    const n = this.next()
    const child = unwrap(
      await createChild(
        this.deps,
        front.actor,
        {
          givenName: `Qwmatrix${code(n)}`,
          familyName: `Zyxleakfresh${code(n)}`,
          dateOfBirth: unwrapDate(2016, 1 + (n % 12), 1 + (n % 28)),
          sex: 'male',
        },
        meta(),
      ),
      'fresh child',
    )
    this.secretIds.add(child.id)
    unwrap(
      await takeStep(this.deps, linkReferralChild, front.actor, { id }, { childId: child.id }, meta()),
      'link fresh referral',
    )
    return id
  }

  /** An organisation the principal's local authority may ask for information (another one in its area). */
  askableOrganisation(p: Principal): string {
    const org = this.organisations.find(
      (o) => o.localAreaId === p.organisation.localAreaId && o.id !== p.organisation.id && !this.isLocalAuthority(o),
    )
    return org?.id ?? this.southshirePolice
  }

  private southshirePolice = ''

  organisation(name: string): Organisation {
    const org = this.organisations.find((o) => o.name === name)
    if (org === undefined) throw new Error(`fixture: no organisation ${name}`)
    return org
  }

  /** The next organisation along, whose things are "another organisation's". */
  partnerOf(org: Organisation): Organisation {
    const i = this.organisations.indexOf(org)
    return this.organisations[(i + 1) % this.organisations.length] as Organisation
  }

  colleagueOf(m: Member): Member {
    const org = this.organisations.find((o) => o.id === m.actor.organisationId) as Organisation
    const colleague = org.members.find((c) => c.email !== m.email)
    if (colleague === undefined) throw new Error(`fixture: ${m.email} has no colleague`)
    return colleague
  }

  private leadIn(org: Organisation): Member | undefined {
    return org.members.find((m) => m.actor.roles.some((r) => r === 'dsl' || r === 'deputy_dsl' || r === 'health_lead'))
  }

  private async recordConcernAbout(m: Member, childId: string): Promise<string> {
    const n = this.next()
    const recorded = unwrap(
      await recordConcernFor(
        this.deps,
        m.actor,
        {
          childIds: [childId],
          facts: `Zyxfact ${code(n)}: bruise on the left arm seen at 9am.`,
          observedAtMs: this.deps.clock.now().getTime() - 3_600_000,
          place: 'Classroom',
          childWords: '',
          othersPresent: '',
          categories: ['neglect'],
          bodyMap: [],
          actionTaken: '',
          immediateDanger: false,
        },
        meta(),
      ),
      `concern by ${m.email}`,
    )
    this.secretIds.add(recorded.id)
    this.secretTexts.push(recorded.reference)
    return recorded.id
  }

  private async newSpareUser(org: Organisation): Promise<string> {
    const n = this.next()
    const made = unwrap(
      await createUser(this.deps, {
        organisation: org.id,
        email: `matrix.spare.${n}@matrix.example`,
        displayName: `Spare Person ${code(n)}`,
        roles: ['staff'],
        password: DEMO.password,
        operator: 'matrix',
      }),
      'spare user',
    )
    return made.userId
  }

  /** A weekday no one has used yet, far enough ahead that no statutory clock cares. */
  nextFreeDay(): { year: number; month: number; day: number } {
    for (;;) {
      const n = this.next()
      const d = new Date(Date.UTC(2040, 0, 1) + n * 86_400_000)
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6)
        return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
    }
  }

  private async newNonWorkingDay(lead: Member): Promise<string> {
    const free = this.nextFreeDay()
    return unwrap(
      await takeStep(
        this.deps,
        addNonWorkingDay,
        lead.actor,
        {},
        { day: formatLocalDate(unwrapDate(free.year, free.month, free.day)), description: 'Matrix closure' },
        meta(),
      ),
      'non-working day',
    ).id
  }

  /** A new concern by the author, moved on to the state asked for; undefined when nobody in the organisation
   * could move it there (no safeguarding lead), so such a concern cannot exist. */
  private async freshConcern(
    author: Member,
    state: 'new' | 'acknowledged' | 'information_requested' | 'lado',
  ): Promise<string | undefined> {
    const org = this.organisations.find((o) => o.id === author.actor.organisationId) as Organisation
    const lead = this.leadIn(org)
    if (state !== 'new' && lead === undefined) return undefined
    const id = await this.recordConcernAbout(author, this.childOf.get(author.email) as string)
    if (lead === undefined || state === 'new') return id
    unwrap(await takeStep(this.deps, acknowledgeConcern, lead.actor, { id }, {}, meta()), 'acknowledge')
    if (state === 'information_requested')
      unwrap(await requestInformation(this.deps, lead.actor, id, 'Matrix: tell me more', meta()), 'request information')
    if (state === 'lado')
      unwrap(
        await takeStep(
          this.deps,
          decideConcern,
          lead.actor,
          { id },
          { kind: 'lado', rationale: 'Matrix: about an adult' },
          meta(),
        ),
        'refer to the LADO',
      )
    return id
  }

  private async freshDraft(m: Member): Promise<string> {
    const id = await startDraft(this.deps, m.actor)
    this.secretIds.add(id)
    await saveDraft(this.deps, m.actor, id, {
      childIds: [this.childOf.get(m.email) as string],
      immediateDanger: 'no',
      observedDay: '23',
      observedMonth: '11',
      observedYear: '2026',
      observedTime: '08:30',
      place: 'Playground',
      facts: 'Zyxfact: a fresh draft, complete.',
      childWords: '',
      othersPresent: '',
      actionTaken: '',
      categories: ['neglect'],
      marks: [],
    })
    return id
  }

  /**
   * Fills a parameter of the given kind for a principal. `fresh` asks for a new resource the request may use
   * up (allowed cells of routes that change state). Undefined: this relation cannot exist for this principal.
   */
  async subject(
    kind: SubjectKind,
    relation: Relation,
    principal: Principal,
    fresh?: Fresh,
    state?: SubjectState,
  ): Promise<string | undefined> {
    const m = principal.member
    const org = principal.organisation
    const partner = this.partnerOf(org)
    const unknown = randomUUID()
    switch (kind) {
      case 'concern': {
        if (relation === 'unknown') return unknown
        if (relation === 'own' || relation === 'colleague') {
          const author = relation === 'own' ? m : this.colleagueOf(m)
          if (fresh === 'concern:new') return this.freshConcern(author, 'new')
          if (fresh === 'concern:acknowledged') return this.freshConcern(author, 'acknowledged')
          if (fresh === 'concern:information_requested') return this.freshConcern(author, 'information_requested')
          if (fresh === 'concern:lado') return this.freshConcern(author, 'lado')
          return this.concernOf.get(author.email)
        }
        if (relation === 'other-org') return this.concernOf.get((partner.members[0] as Member).email)
        if (relation === 'shared-child') return this.sharedConcern.get(org.id)
        break
      }
      case 'child':
        if (relation === 'authored') return this.childOf.get(m.email)
        if (relation === 'involved') return this.childOf.get(this.colleagueOf(m).email)
        if (relation === 'uninvolved') {
          // Every referral in the area makes its local authority involved with the child (the fixtures' and the
          // matrix's own), so a local authority's uninvolved child is one only another area's organisations know.
          const elsewhere = this.isLocalAuthority(org)
            ? this.organisations.find((o) => o.localAreaId !== org.localAreaId)
            : undefined
          return this.childOf.get(((elsewhere ?? partner).members[0] as Member).email)
        }
        if (relation === 'unknown') return unknown
        break
      case 'draft':
        if (relation === 'own') return fresh === 'draft:complete' ? this.freshDraft(m) : this.draftOf.get(m.email)
        if (relation === 'other-user') return this.draftOf.get(this.colleagueOf(m).email)
        if (relation === 'unknown') return unknown
        break
      case 'user': {
        if (relation === 'unknown') return unknown
        const target =
          relation === 'same-org' ? org : this.organisations.find((o) => o !== org && this.spareUser.has(o.id))
        if (target === undefined) break
        if (fresh === 'user') return this.newSpareUser(target)
        return this.spareUser.get(target.id) ?? this.colleagueOf(m).actor.userId
      }
      case 'message':
        if (relation === 'own-org') return this.messageOf.get(org.id)
        if (relation === 'other-org') return this.messageOf.get(partner.id)
        if (relation === 'unknown') return unknown
        break
      case 'nonWorkingDay': {
        if (relation === 'unknown') return unknown
        if (relation === 'own-area')
          return fresh === 'nonWorkingDay' ? this.newNonWorkingDay(m) : this.nonWorkingDayOf.get(org.localAreaId)
        const other = [...this.nonWorkingDayOf].find(([area]) => area !== org.localAreaId)
        return other?.[1]
      }
      case 'rule':
        return relation === 'unknown' ? 'no-such-rule' : 'first-core-group'
      case 'invitation':
        return relation === 'unknown' ? randomBytes(32).toString('base64url') : this.invitationToken
      case 'trainingRecord':
      case 'allegation':
      case 'lowLevelConcern':
      case 'transfer':
        return this.workforce.subject(kind, relation, principal, fresh as WorkforceFresh | undefined)
      case 'dataProtectionComplaint':
        return this.dataProtection.subject(relation, principal, fresh as DataProtectionFresh | undefined)
      case 'fileLink':
        if (relation === 'valid') return this.workforce.subject(kind, relation, principal, fresh as WorkforceFresh)
        return randomBytes(32).toString('base64url')
      case 'protectionCheck':
        if (relation === 'own') return this.protectionCheckOf.get(m.email)
        if (relation === 'other-user') return [...this.protectionCheckOf].find(([email]) => email !== m.email)?.[1]
        if (relation === 'unknown') return unknown
        break
      case 'referral': {
        if (relation === 'unknown') return unknown
        const la = this.isLocalAuthority(org)
        if (relation === 'own') return la ? undefined : this.referralOf.get(m.email)
        if (relation === 'organisation') return la ? undefined : this.referralOf.get(this.colleagueOf(m).email)
        if (relation === 'received') {
          if (!la) return undefined
          if (fresh === 'referral:received' || fresh === 'referral:unlinked')
            return this.freshReferral(org, fresh === 'referral:received')
          return this.receivedBy.get(org.id)
        }
        if (relation === 'other') {
          if (la) return [...this.receivedBy].find(([laId]) => laId !== org.id)?.[1]
          const another = this.organisations.find((o) => o.id !== org.id && !this.isLocalAuthority(o))
          return another === undefined ? undefined : this.referralOf.get((another.members[0] as Member).email)
        }
        break
      }
      case 'informationRequest':
        if (relation === 'unknown') return unknown
        if (relation === 'asked') return this.requestTo.get(org.id)
        if (relation === 'other-org') return [...this.requestTo].find(([orgId]) => orgId !== org.id)?.[1]
        break
      case 'case': {
        if (relation === 'unknown') return unknown
        const areaId = relation === 'own-la' ? org.localAreaId : this.otherArea(org.localAreaId)
        const wanted = (state as CaseState | undefined) ?? 'child_protection_plan'
        return (fresh === 'case' ? await this.newCase(areaId, wanted, false) : await this.sharedCase(areaId, wanted))
          .episodeId
      }
      case 'incident':
      case 'learningAction':
      case 'partnershipDocument':
      case 'yearlyReport': {
        if (relation === 'unknown') return unknown
        const areaId = relation === 'own-area' ? org.localAreaId : this.otherArea(org.localAreaId)
        const isFresh = fresh === 'partnership'
        if (kind === 'incident')
          return this.partnership.incident(
            areaId,
            ((state ?? 'incident:notified') as string).slice(9) as IncidentState,
            isFresh,
          )
        if (kind === 'learningAction') return this.partnership.action(areaId, isFresh)
        if (kind === 'partnershipDocument') return this.partnership.document(areaId, isFresh)
        return this.partnership.report(areaId, isFresh)
      }
      case 'measure':
        return relation === 'unknown' ? 'no-such-measure' : 'referrals-by-source'
      case 'conference':
        if (relation === 'unknown') return unknown
        if (relation === 'invited')
          return (this.agenciesOf.get(org.localAreaId) ?? []).includes(org.id)
            ? (await this.sharedCase(org.localAreaId, 'conference_scheduled')).conferenceId
            : undefined
        if (relation === 'not-invited') return (await this.uninvitedConference()).conferenceId
        break
      case 'familyHelp': {
        if (relation === 'unknown') return unknown
        const areaId = relation === 'team' ? org.localAreaId : this.otherArea(org.localAreaId)
        if (fresh === 'familyHelp') return this.newFamilyHelp(areaId)
        let shared = this.sharedFamilyHelp.get(areaId)
        if (shared === undefined) {
          shared = this.newFamilyHelp(areaId)
          this.sharedFamilyHelp.set(areaId, shared)
        }
        return shared
      }
    }
    throw new Error(`fixture: ${relation} is not a relation of a ${kind}`)
  }

  private readonly sharedFamilyHelp = new Map<string, Promise<string>>()

  /** A family help episode opened by the area's school DSL, with every agency of the area in the team. */
  private async newFamilyHelp(areaId: string): Promise<string> {
    const staff = this.caseStaffOf.get(areaId)
    if (staff === undefined) throw new Error(`fixture: no case staff in area ${areaId}`)
    const n = this.next()
    const born = localDate(2016, 4, 1)
    if (!born.ok) throw new Error('fixture: bad date')
    const child = unwrap(
      await createChild(
        this.deps,
        staff.referrer,
        { givenName: `Qwmatrix${code(n)}`, familyName: `Zyxleak${code(n)}`, dateOfBirth: born.value, sex: 'female' },
        meta(),
      ),
      'create child',
    )
    this.secretIds.add(child.id)
    return this.ctx.db.transaction().execute(async (tx) => {
      const opened = unwrap(
        await openEpisodeInTransaction(
          tx,
          staff.referrer,
          {
            origin: 'direct',
            childIds: [child.id],
            level: 'early_help',
            requestSource: '2A',
            adults: [],
            openerRole: 'teacher',
          },
          this.deps.clock.now(),
          meta(),
        ),
        'open family help',
      )
      const today = todayInEngland(this.deps.clock.now())
      for (const organisationId of this.agenciesOf.get(areaId) ?? [])
        if (organisationId !== staff.referrer.organisationId)
          await addTeamMemberRow(
            tx,
            opened.id,
            [child.id],
            { organisationId, userId: null, role: 'other' },
            today,
            this.deps.clock.now(),
          )
      // A meeting arranged, for the contribution routes.
      const meetingId = randomUUID()
      await tx
        .insertInto('family_help_step')
        .values({
          id: meetingId,
          episode_id: opened.id,
          step: 'schedule_meeting',
          outcome: 'recorded',
          from_phase: 'awaiting_consent',
          to_phase: 'awaiting_consent',
          occurred_on: formatLocalDate(today),
          details: JSON.stringify({
            kind: 'team_around_the_family',
            on: formatLocalDate(today),
            time: '10:00',
            place: 'School',
          }),
          actor_user_id: staff.referrer.userId,
          actor_organisation_id: staff.referrer.organisationId,
          submission_key: null,
          created_at: this.deps.clock.now(),
        })
        .execute()
      this.meetingOfFamilyHelp.set(opened.id, meetingId)
      this.secretIds.add(opened.id)
      return opened.id
    })
  }

  private readonly meetingOfFamilyHelp = new Map<string, string>()

  /** The meeting arranged on a family help episode (a made-up id for anything else). */
  meetingOf(episodeId: string | undefined): string {
    return (episodeId === undefined ? undefined : this.meetingOfFamilyHelp.get(episodeId)) ?? randomUUID()
  }

  /** The NHS number of the principal's own child, for requests that name a child by it. */
  nhsNumberOf(principal: Principal): string {
    return this.nhsNumberOfMember.get(principal.member.email) ?? nhsNumber(0)
  }

  /** The principal's own child, for requests that name a child in the body. */
  childOfPrincipal(p: Principal): string {
    return this.childOf.get(p.member.email) as string
  }

  // ——— Case work after the front door ———

  /** By local area: the people who move its cases on, and the agencies its shared cases invite. */
  private readonly caseStaffOf = new Map<string, CaseStaff>()
  private readonly agenciesOf = new Map<string, string[]>()
  /** Cases every cell may share, by area and state (made on first use; a denied request changes nothing). */
  private readonly sharedCases = new Map<string, Promise<MadeCase>>()
  private readonly caseFacts = new Map<string, { readonly areaId: string; readonly conferenceId: string | undefined }>()

  /**
   * Northshire's demo people move its cases on. Southshire has only a social worker and a partnership lead among
   * the principals, so it gets a school, a front door, a team manager and a chair who are not demo accounts
   * (and so no principals): its social worker then has cases of her own at every step.
   */
  private async addCaseStaff(): Promise<void> {
    const member = (email: string): Actor => {
      const found = this.organisations.flatMap((o) => o.members).find((m) => m.email === email)
      if (found === undefined) throw new Error(`fixture: no demo user ${email}`)
      return found.actor
    }
    const northshire = this.organisation('Oakfield Primary School').localAreaId
    this.caseStaffOf.set(northshire, {
      localAreaId: northshire,
      referrer: member('dsl@oakfield-primary.example'),
      frontDoor: member('front.door@northshire-council.example'),
      socialWorker: member('social.worker@northshire-council.example'),
      teamManager: member('team.manager@northshire-council.example'),
      chair: member('conference.chair@northshire-council.example'),
    })
    const agencies = await this.ctx.db
      .selectFrom('organisation')
      .select('id')
      .where('local_area_id', '=', northshire)
      .where('kind', '!=', 'la_childrens_social_care')
      .orderBy('name')
      .execute()
    this.agenciesOf.set(
      northshire,
      agencies.map((a) => a.id),
    )

    const southshireCouncil = this.organisation("Southshire Council children's social care")
    const southshire = southshireCouncil.localAreaId
    const schoolId = randomUUID()
    await this.ctx.db
      .insertInto('organisation')
      .values({
        id: schoolId,
        local_area_id: southshire,
        name: 'Southshire Matrix Primary School',
        kind: 'school',
        statutory_partner: false,
        created_at: this.deps.clock.now(),
      })
      .execute()
    const staff = async (organisation: string, email: string, displayName: string, roles: Role[]): Promise<Actor> => {
      const made = unwrap(
        await createUser(this.deps, {
          organisation,
          email,
          displayName,
          roles,
          password: DEMO.password,
          operator: 'matrix',
        }),
        `create ${email}`,
      )
      const record = await findUserById(this.ctx.db, made.userId)
      if (record === undefined) throw new Error(`fixture: no user ${email}`)
      return record.actor
    }
    this.caseStaffOf.set(southshire, {
      localAreaId: southshire,
      referrer: await staff(schoolId, 'matrix.dsl@southshire-school.example', 'Southshire School Lead', ['dsl']),
      frontDoor: await staff(
        southshireCouncil.id,
        'matrix.front.door@southshire-council.example',
        'Southshire Front Door',
        ['front_door'],
      ),
      socialWorker: member('social.worker@southshire-council.example'),
      teamManager: await staff(
        southshireCouncil.id,
        'matrix.team.manager@southshire-council.example',
        'Southshire Manager',
        ['team_manager'],
      ),
      chair: await staff(southshireCouncil.id, 'matrix.chair@southshire-council.example', 'Southshire Chair', [
        'conference_chair',
      ]),
    })
    this.agenciesOf.set(southshire, [schoolId])
  }

  otherArea(areaId: string): string {
    const other = [...this.caseStaffOf.keys()].find((a) => a !== areaId)
    if (other === undefined) throw new Error('fixture: only one local area has case staff')
    return other
  }

  /** A new case in the area, in the state asked for; `invite`: its conference invites the area's agencies. */
  private async newCase(areaId: string, state: CaseState, invite: boolean): Promise<MadeCase> {
    const staff = this.caseStaffOf.get(areaId)
    if (staff === undefined) throw new Error(`fixture: no case staff in area ${areaId}`)
    const n = this.next()
    const made = await makeCase(
      this.deps,
      staff,
      state,
      {
        givenName: `Qwmatrix${code(n)}`,
        familyName: `Zyxleak${code(n)}`,
        facts: `Zyxfact ${code(n)}: marks on both arms.`,
      },
      invite ? (this.agenciesOf.get(areaId) ?? []) : [],
    )
    for (const id of made.secretIds) this.secretIds.add(id)
    this.secretTexts.push(...made.secretTexts)
    this.caseFacts.set(made.episodeId, { areaId, conferenceId: made.conferenceId })
    return made
  }

  private sharedCase(areaId: string, state: CaseState): Promise<MadeCase> {
    const key = `${areaId}|${state}`
    let made = this.sharedCases.get(key)
    if (made === undefined) {
      made = this.newCase(areaId, state, true)
      this.sharedCases.set(key, made)
    }
    return made
  }

  /** A conference in Northshire to which no agency is invited. */
  private uninvitedConference(): Promise<MadeCase> {
    const areaId = this.organisation('Oakfield Primary School').localAreaId
    let made = this.sharedCases.get(`${areaId}|uninvited`)
    if (made === undefined) {
      made = this.newCase(areaId, 'conference_scheduled', false)
      this.sharedCases.set(`${areaId}|uninvited`, made)
    }
    return made
  }

  /** Today in England, as the API takes dates ('YYYY-MM-DD'). */
  today(): string {
    return formatLocalDate(todayInEngland(this.deps.clock.now()))
  }

  /** The conference arranged on a case, for a path or body that names both; a made-up id for anything else. */
  conferenceOf(caseId: string | undefined): string {
    return (caseId === undefined ? undefined : this.caseFacts.get(caseId)?.conferenceId) ?? randomUUID()
  }

  /** People of the local authority that holds the case (Northshire's for a made-up case), for bodies naming them. */
  caseStaffFor(caseId: string | undefined): CaseStaff {
    const areaId =
      (caseId === undefined ? undefined : this.caseFacts.get(caseId)?.areaId) ??
      this.organisation('Oakfield Primary School').localAreaId
    return this.caseStaffOf.get(areaId) as CaseStaff
  }

  // ——— End of case work after the front door ———

  private async signInEveryone(oakfield: Organisation): Promise<void> {
    const teacher = oakfield.members.find((m) => m.email === DEMO.teacher) as Member
    const partwayRecord = await this.ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'matrix.partway@oakfield-primary.example')
      .executeTakeFirstOrThrow()
    const partwayActor = (await findUserById(this.ctx.db, partwayRecord.id))?.actor as Actor
    this.principals.push({ key: 'anonymous', kind: 'anonymous', roles: [], member: teacher, organisation: oakfield })
    this.principals.push({
      key: 'partway (password given, code not yet)',
      kind: 'partway',
      roles: ['dsl'],
      member: { email: 'matrix.partway@oakfield-primary.example', actor: partwayActor },
      organisation: oakfield,
    })
    this.principals.push({
      key: 'expired (session and token timed out)',
      kind: 'expired',
      roles: teacher.actor.roles,
      member: teacher,
      organisation: oakfield,
    })
    // One principal per role set and kind of organisation in each area: a second school's teacher, DSL and
    // administrator would repeat the first's cells exactly (their school still owns "another organisation's"
    // things for others). Every role in every kind of organisation the demo has is a principal.
    const seen = new Set<string>()
    for (const org of this.organisations) {
      for (const m of org.members) {
        const kind = `${org.localAreaId}|${m.actor.organisationKind}|${[...m.actor.roles].sort().join(',')}`
        if (seen.has(kind)) continue
        seen.add(kind)
        this.principals.push({ key: m.email, kind: 'user', roles: m.actor.roles, member: m, organisation: org })
      }
    }
    const queue = [...this.principals]
    const work = async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) this.credentials.set(p.key, await this.signIn(p))
    }
    await Promise.all([work(), work(), work()])
  }

  /** Credentials as the principal would hold them: a browser session with a CSRF token, and an API token. */
  async signIn(p: Principal): Promise<Credentials> {
    const browser = new TestBrowser(this.ctx.app)
    if (p.kind === 'anonymous') {
      await browser.get('/sign-in')
      return { cookie: browser.cookieHeader(), csrf: browser.csrfToken(), bearer: undefined }
    }
    await browser.signIn(p.member.email, DEMO.password)
    const csrf = browser.csrfToken()
    const cookie = browser.cookieHeader()
    if (p.kind === 'partway') return { cookie, csrf, bearer: undefined }
    const res = await this.ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: p.member.email, password: DEMO.password },
    })
    const bearer = (res.json() as { token?: string }).token
    if (bearer === undefined) throw new Error(`fixture: no API token for ${p.key}: ${res.body}`)
    if (p.kind === 'expired') {
      const now = this.deps.clock.now().getTime()
      const session = /together_session=([^;]+)/.exec(cookie)?.[1] ?? ''
      await this.ctx.db
        .updateTable('user_session')
        .set({ last_seen_at: new Date(now - 2 * 3_600_000) })
        .where('id_hash', '=', tokenHash(session))
        .execute()
      await this.ctx.db
        .updateTable('api_token')
        .set({ expires_at: new Date(now - 60_000) })
        .where('token_hash', '=', tokenHash(bearer))
        .execute()
    }
    return { cookie, csrf, bearer }
  }

  credentialsOf(p: Principal): Credentials {
    const c = this.credentials.get(p.key)
    if (c === undefined) throw new Error(`fixture: ${p.key} has not signed in`)
    return c
  }
}

function unwrapDate(year: number, month: number, day: number) {
  const d = localDate(year, month, day)
  if (!d.ok) throw new Error(`fixture: ${year}-${month}-${day} is not a date`)
  return d.value
}

function unwrapDateText(text: string | null) {
  if (text === null) return undefined
  const [y, m, d] = text.split('-').map(Number)
  return unwrapDate(y as number, m as number, d as number)
}
