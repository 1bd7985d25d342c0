import type { Deps } from '../application/context.js'

export interface WebOptions {
  readonly deps: Deps
  readonly cookieSecret: string
  readonly secureCookies: boolean
  readonly logLevel?: string
  readonly publicUrl?: string | undefined
}
