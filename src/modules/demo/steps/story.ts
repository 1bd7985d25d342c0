import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { createChild } from '../../children/steps/createChild.js'
import { recordConcernFor } from '../../concerns/steps/recordConcern.js'

/** One demo story: told once per database, through the service's own use cases (see demoStories.ts). */
export interface DemoStory {
  readonly id: string
  readonly summary: string
  readonly tell: (deps: Deps, people: DemoPeople) => Promise<void>
}

export interface DemoPeople {
  readonly actor: (email: string) => Promise<Actor>
}

/** Every story's steps carry this correlation id, so their audit rows say they were the demo's. */
export const storyMeta: RequestMeta = { correlationId: 'demo-story' }

/** A use case's answer, or the story stops: a demo that half-tells a story would show a broken family. */
export const must = <T>(what: string, r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(`demo story: ${what}: ${r.error.message}`)
  return r.value
}

/** A child of the story, recorded by `actor` as the children module records any child. */
export const storyChild = async (
  deps: Deps,
  actor: Actor,
  details: Parameters<typeof createChild>[2],
): Promise<{ id: string }> => must('child', await createChild(deps, actor, details, storyMeta))

/** A concern of the story, recorded by `actor` as any concern is; a story's concerns carry no body map. */
export const storyConcern = async (
  deps: Deps,
  actor: Actor,
  what: string,
  input: Omit<Parameters<typeof recordConcernFor>[2], 'bodyMap'>,
): Promise<{ id: string }> => must(what, await recordConcernFor(deps, actor, { ...input, bodyMap: [] }, storyMeta))
