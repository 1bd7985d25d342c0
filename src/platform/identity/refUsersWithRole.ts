import type { Role } from './roles.js'

/** An account as read for a list of people to choose from. */
export interface UserWithRoles {
  readonly id: string
  readonly display_name: string
  readonly roles: readonly string[]
}

/** The accounts that hold `role`, in the order given, by id and name (a choice of whom to allocate, to invite). */
export const usersWithRole = (users: readonly UserWithRoles[], role: Role): { id: string; name: string }[] =>
  users.filter((u) => u.roles.includes(role)).map((u) => ({ id: u.id, name: u.display_name }))
