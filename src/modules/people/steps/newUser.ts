import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import type { Role } from '../../../platform/identity/roles.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'

/**
 * A new account: no second factor yet, not locked, and no password until one is chosen (an invitation) or given
 * (an operator's command). Undefined, and nothing written, when someone already has an account with the email,
 * in any case.
 */
export async function addUser(
  tx: Transaction<DB>,
  user: {
    readonly organisationId: string
    /** Lower case. */
    readonly email: string
    readonly displayName: string
    readonly roles: readonly Role[]
    readonly passwordHash: string | null
    readonly isDemo?: boolean
  },
  now: Date,
): Promise<string | undefined> {
  const taken = await tx
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', user.email))
    .executeTakeFirst()
  if (taken !== undefined) return undefined
  return insertWithNewId(tx, 'app_user', {
    organisation_id: user.organisationId,
    email: user.email,
    display_name: user.displayName,
    roles: [...user.roles],
    password_hash: user.passwordHash,
    totp_secret: null,
    totp_last_step: null,
    locked_until: null,
    ...(user.isDemo === undefined ? {} : { is_demo: user.isDemo }),
    created_at: now,
  })
}
