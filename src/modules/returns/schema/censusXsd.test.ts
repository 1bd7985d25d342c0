import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { collectionYear } from '../domain/census.js'
import { censusXml } from '../domain/censusXml.js'
import { child, episode, nfaChild } from '../domain/testChildren.js'

const schemaFor = (spec: string) => fileURLToPath(new URL(`./cin-census-${spec}.xsd`, import.meta.url))
const source = { laCode: '938', softwareRelease: '0.1.0', serialNo: 1, madeAt: '2026-04-02T09:00:00' }

/** Runs xmllint against the schema; returns what it said, and whether the file validated. */
function xmllint(xml: string, spec: string): { valid: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'together-cin-'))
  try {
    const file = join(dir, 'cin.xml')
    writeFileSync(file, xml)
    try {
      const output = execFileSync('xmllint', ['--noout', '--schema', schemaFor(spec), file], {
        stdio: 'pipe',
      }).toString()
      return { valid: true, output }
    } catch (e) {
      const failure = e as { stderr?: Buffer }
      return { valid: false, output: failure.stderr?.toString() ?? String(e) }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('the census XML against the schema written from the specification', () => {
  const y2026 = collectionYear(2026)
  const y2027 = collectionYear(2027)
  if (y2026 === null || y2027 === null) throw new Error('collection years')

  it('validates for a child on a plan, a child in need plan, and a referral with no further action', () => {
    const cin = child({
      childId: 'x',
      laChildId: 'CHILD3',
      episodes: [
        episode({ section47: [], protectionPlans: [], cinPlans: [{ startDate: '2025-07-01', endDate: null }] }),
      ],
    })
    const xml = [...censusXml(y2026, source, [child(), nfaChild(), cin])].join('')
    const result = xmllint(xml, '2025-26')
    assert.equal(result.valid, true, result.output)
    assert.match(xml, /<Sex>F<\/Sex>/)
    assert.match(xml, /<UPNunknown>UN7<\/UPNunknown>/)
    assert.match(xml, /<Ethnicity>NOBT<\/Ethnicity>/)
  })

  it('validates the 2026-27 pre-proceedings block', () => {
    const pp = {
      startDate: '2026-05-01',
      letterBeforeProceedingsSent: '2026-05-02',
      familyGroupMeetingOffered: true,
      familyGroupMeetingFacilitated: true,
      initialMeetingDate: '2026-05-10',
      reviewMeetingsCount: 1,
      stepDecisionDate: null,
      outcome: null,
      courtApplicationDate: null,
    }
    const c = child({
      episodes: [
        episode({
          referralDate: '2026-04-10',
          assessments: [],
          section47: [],
          protectionPlans: [],
          preProceedings: [pp],
        }),
      ],
    })
    const xml = [...censusXml(y2027, source, [c])].join('')
    assert.match(xml, /<PreProceedingsandFGDM><PPStartDate>2026-05-01/)
    const result = xmllint(xml, '2026-27')
    assert.equal(result.valid, true, result.output)
    assert.equal(xmllint(xml, '2025-26').valid, false, 'the 2025-26 schema has no pre-proceedings block')
  })

  it('refuses a code outside the code set and elements out of order (the schema can fail)', () => {
    const bad = [...censusXml(y2026, source, [child({ ethnicity: 'XXXX' })])].join('')
    const result = xmllint(bad, '2025-26')
    assert.equal(result.valid, false)
    assert.match(result.output, /Ethnicity/)
    const swapped = [...censusXml(y2026, source, [child()])]
      .join('')
      .replace('<Sex>F</Sex>', '')
      .replace('<Ethnicity>', '<Sex>F</Sex><Ethnicity>')
    assert.equal(xmllint(swapped, '2025-26').valid, false)
  })
})
