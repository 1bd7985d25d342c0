import { randomUUID } from 'node:crypto'
import {
  acknowledgeDataProtectionComplaint,
  recordDataProtectionComplaint,
} from '../../src/modules/data-protection/steps/complaintSteps.js'
import type { Deps } from '../../src/platform/context.js'
import type { Actor } from '../../src/platform/identity/actor.js'
import { runStep, type AnyStep } from '../../src/platform/steps/defineStep.js'
import type { Member, Organisation, Principal } from './world.js'

/**
 * Data protection complaints for the access matrix, recorded through the product's own steps by an
 * administrator or DSL of the organisation (own-org: the principal's; other-org: another one that has a keeper).
 */
export type DataProtectionFresh = 'complaint:received' | 'complaint:acknowledged'

const KEEPERS = ['org_admin', 'dsl'] as const
const meta = () => ({ correlationId: `fixture-${randomUUID()}`, ip: '127.0.0.1' })

export class DataProtectionFixtures {
  private readonly memo = new Map<string, Promise<string>>()

  constructor(
    private readonly host: {
      readonly deps: Deps
      readonly organisations: readonly Organisation[]
      today(): string
    },
  ) {}

  private keeperOf(org: Organisation): Member | undefined {
    return org.members.find((m) => m.actor.roles.some((r) => (KEEPERS as readonly string[]).includes(r)))
  }

  private async run(step: AnyStep, actor: Actor, params: Record<string, string>, body: Record<string, unknown>) {
    const r = await runStep(this.host.deps, step, actor, params, body, undefined, meta())
    if (!r.ok) throw new Error(`fixture: ${step.operationId}: ${JSON.stringify(r.error)}`)
    return r.value.output as { id: string }
  }

  private async complaint(keeper: Member, acknowledged: boolean): Promise<string> {
    const { id } = await this.run(
      recordDataProtectionComplaint as AnyStep,
      keeper.actor,
      {},
      {
        complainantName: 'Matrix Complainant',
        complainantContact: 'matrix@example.com',
        receivedOn: this.host.today(),
        receivedHow: 'email',
        summary: 'The access matrix complained.',
      },
    )
    if (acknowledged)
      await this.run(
        acknowledgeDataProtectionComplaint as AnyStep,
        keeper.actor,
        { complaintId: id },
        {
          acknowledgedOn: this.host.today(),
          sentHow: 'email',
        },
      )
    return id
  }

  async subject(relation: string, p: Principal, fresh: DataProtectionFresh | undefined): Promise<string | undefined> {
    if (relation === 'unknown') return randomUUID()
    const org =
      relation === 'own-org'
        ? p.organisation
        : this.host.organisations.find((o) => o.id !== p.organisation.id && this.keeperOf(o) !== undefined)
    const keeper = org === undefined ? undefined : this.keeperOf(org)
    if (org === undefined || keeper === undefined) return undefined
    if (fresh !== undefined) return this.complaint(keeper, fresh === 'complaint:acknowledged')
    const key = org.id
    let shared = this.memo.get(key)
    if (shared === undefined) {
      shared = this.complaint(keeper, false)
      this.memo.set(key, shared)
    }
    return shared
  }
}
