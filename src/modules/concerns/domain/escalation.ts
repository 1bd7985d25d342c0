/**
 * The DSL's chain, as data: who is told when nobody acknowledges a concern. A big school has deputies; a nursery
 * or a football club has one DSL, so the chain names a backup (the head or manager, and the organisation's
 * administrator) and, if the backup does not act either, the local authority's front door, which can phone the
 * organisation. Without the last link an organisation with one absent DSL would sit on a concern for ever.
 *
 * These times are Together's service standard, not statute (no national timescale exists for a DSL to acknowledge
 * a concern): stage 1 follows the inbox's own "not acknowledged in time" rule (an hour when urgent, otherwise the
 * end of the working day it arrived); stage 2 gives the backup an hour when urgent and a day otherwise.
 */
import type { Role } from '../../../platform/identity/roles.js'

export interface EscalationStage {
  readonly id: 'backup' | 'front_door'
  /** Notification kind, stored in the outbox: never change one. */
  readonly kind: string
  /** Who is told: roles in the recording organisation (backup) or the local authority's front door. */
  readonly roles: readonly Role[]
  readonly where: 'organisation' | 'local_authority'
  /** Minutes after the previous stage was reached before this one is; stage 1 uses the inbox rule instead. */
  readonly afterPreviousMinutes: { readonly urgent: number; readonly other: number } | null
}

export const escalationChain: readonly EscalationStage[] = [
  {
    id: 'backup',
    kind: 'concern.escalated',
    roles: ['deputy_dsl', 'head', 'org_admin'],
    where: 'organisation',
    afterPreviousMinutes: null,
  },
  {
    id: 'front_door',
    kind: 'concern.escalated_front_door',
    roles: ['front_door'],
    where: 'local_authority',
    afterPreviousMinutes: { urgent: 60, other: 24 * 60 },
  },
]

const stage = (id: EscalationStage['id']): EscalationStage => {
  const s = escalationChain.find((x) => x.id === id)
  if (s === undefined) throw new Error(`No escalation stage ${id}`)
  return s
}
export const BACKUP_STAGE = stage('backup')
export const FRONT_DOOR_STAGE = stage('front_door')

/**
 * Whether an unacknowledged concern goes on to the front door: when the backup was told long enough ago, or at
 * once when the organisation has no backup to tell (nobody holds a backup role), so the chain never stops at an
 * empty link. Times are milliseconds since the epoch, passed in.
 */
export function frontDoorDue(
  urgent: boolean,
  backup: { readonly toldAtMs: number } | { readonly nobodyToTell: true },
  nowMs: number,
): boolean {
  if ('nobodyToTell' in backup) return true
  const wait = FRONT_DOOR_STAGE.afterPreviousMinutes
  const minutes = wait === null ? 0 : urgent ? wait.urgent : wait.other
  return nowMs - backup.toldAtMs >= minutes * 60_000
}
