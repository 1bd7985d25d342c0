import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const schema = (spec: string) =>
  new URL(`../../src/modules/returns/schema/cin-census-${spec}.xsd`, import.meta.url).pathname

/** Checks census XML against the XSD written from the DfE specification (`spec`: '2025-26' or '2026-27'). */
export function xmllint(xml: string, spec: string): { valid: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'together-cin-route-'))
  try {
    const file = join(dir, 'cin.xml')
    writeFileSync(file, xml)
    try {
      execFileSync('xmllint', ['--noout', '--schema', schema(spec), file], { stdio: 'pipe' })
      return { valid: true, output: '' }
    } catch (e) {
      return { valid: false, output: (e as { stderr?: Buffer }).stderr?.toString() ?? String(e) }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
