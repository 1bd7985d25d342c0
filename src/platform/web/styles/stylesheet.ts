import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as Sass from 'sass'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const source = path.join(here, 'govuk.scss')

export interface Stylesheet {
  readonly css: string
  /** Changes whenever the stylesheet does: for the ETag. */
  readonly version: string
}

let built: Stylesheet | undefined

/**
 * Together's build of GOV.UK Frontend's stylesheet (govuk.scss: the Design System in our own type). Compiling takes
 * about two seconds, so the result is kept in the system's temporary folder under a name made from the source and
 * the versions of govuk-frontend and Sass: the first process to need it compiles it, every later start (and every
 * test process) reads it, and an upgrade or an edit can never serve a stale copy.
 */
export function govukStylesheet(): Stylesheet {
  if (built !== undefined) return built
  const version = createHash('sha256')
    .update(fs.readFileSync(source))
    .update((require('govuk-frontend/package.json') as { version: string }).version)
    // Sass's version without loading Sass (its package does not export package.json, which sits beside its entry).
    .update(fs.readFileSync(path.join(path.dirname(require.resolve('sass')), 'package.json')))
    .digest('hex')
    .slice(0, 16)
  const cached = path.join(os.tmpdir(), 'together-styles', `govuk-${version}.css`)
  let css: string
  try {
    css = fs.readFileSync(cached, 'utf8')
    if (!css.includes('.govuk-header')) throw new Error('an incomplete copy')
  } catch {
    // Sass is loaded only to compile, on a cache miss: loaded at every start it kept about 50 MB of resident memory
    // (the Dart program and its source) in every process for the whole of its life.
    const sass = require('sass') as typeof Sass
    css = sass.compile(source, { style: 'compressed', importers: [new sass.NodePackageImporter(here)] }).css
    // Written aside and renamed, so a process reading at the same moment sees the whole file or none.
    fs.mkdirSync(path.dirname(cached), { recursive: true })
    const partial = `${cached}.${process.pid}.tmp`
    fs.writeFileSync(partial, css)
    fs.renameSync(partial, cached)
  }
  built = { css, version }
  return built
}
