/**
 * Who did it, for an audit entry no signed-in person made: an operator's command, an emailed link, a scheduled
 * job, a sign-in not yet finished. The entry's reason says who or what acted instead.
 */
export const noActor = { actorUserId: null, actorOrganisationId: null, actorRoles: [] } as const
