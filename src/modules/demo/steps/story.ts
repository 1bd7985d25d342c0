import type { Deps } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'

/** One demo story: told once per database, through the service's own use cases (see demoStories.ts). */
export interface DemoStory {
  readonly id: string
  readonly summary: string
  readonly tell: (deps: Deps, people: DemoPeople) => Promise<void>
}

export interface DemoPeople {
  readonly actor: (email: string) => Promise<Actor>
}
