import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { checkOrganisationsCsv, checkUsersCsv } from './importRows.js'
import { csvField, parseCsv } from './csv.js'
import type { OrganisationKind } from '../../../platform/identity/organisations.js'

const orgHeader = 'name,kind,urn,ods_code,phone,email,safeguarding_lead,safeguarding_lead_email'

describe('reading CSV', () => {
  it('reads quoted values with commas, doubled quotes and line breaks, and ignores a byte-order mark', () => {
    const parsed = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\n\n')
    assert.deepEqual(parsed, {
      ok: true,
      rows: [
        ['a', 'b'],
        ['x, y', 'say "hi"\nthere'],
      ],
    })
  })
  it('names the line of an unclosed quote', () => {
    assert.deepEqual(parseCsv('a\n"b'), { ok: false, line: 2, message: 'A quoted value is not closed' })
  })
  it('defuses values a spreadsheet would run as formulas', () => {
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`)
    assert.equal(csvField(-3), '-3')
  })
})

describe('checking an organisations CSV', () => {
  it('accepts a good file with codes or on-screen words for kinds', () => {
    const text = [
      orgHeader,
      'Oakfield Primary School,school,100001,,01632 960 100,office@oakfield.example,Jane Morgan,dsl@oakfield.example',
      'Northshire Surgery,GP practice,,a81001,,,,',
      'Northshire Hospitals,nhs_trust,,RX1,,,,',
      'Northshire ICB,Integrated care board,,QHM,,,,',
      'British Transport Police,british_transport_police,,,,,,',
      'Little Acorns,early_years,EY123456,,,,,',
    ].join('\n')
    const checked = checkOrganisationsCsv(text, new Set())
    assert.equal(checked.ok, true)
    if (!checked.ok) return
    assert.equal(checked.rows.length, 6)
    assert.equal(checked.rows[1]?.kind, 'gp_practice')
    assert.equal(checked.rows[1]?.odsCode, 'A81001')
    assert.equal(checked.rows[0]?.safeguardingLeadEmail, 'dsl@oakfield.example')
  })

  it('lists every bad row: unknown kind, bad URN, bad ODS code, duplicate and existing names', () => {
    const text = [
      orgHeader,
      'Acme,spaceship,,,,,,',
      'Oakfield,school,12345,,,,,',
      'Surgery,gp_practice,,RX1,,,,',
      'Police,police_force,100001,,,,,',
      'Oakfield,school,100002,,,,,',
      'Existing Club,sports_youth_club,,,,,,',
      'Good School,school,100003,,not a phone,bad@,,',
    ].join('\n')
    const checked = checkOrganisationsCsv(text, new Set(['existing club']))
    assert.equal(checked.ok, false)
    if (checked.ok) return
    const at = (row: number) => checked.problems.filter((p) => p.row === row).map((p) => p.column)
    assert.deepEqual(at(2), ['kind'])
    assert.deepEqual(at(3), ['urn'])
    assert.deepEqual(at(4), ['ods_code'])
    assert.deepEqual(at(5), ['urn'])
    assert.deepEqual(at(6), ['name'])
    assert.deepEqual(at(7), ['name'])
    assert.deepEqual(at(8), ['phone', 'email'])
    assert.match(checked.problems.find((p) => p.row === 6)?.message ?? '', /also on row 3/)
    assert.equal(checked.rowCount, 7)
  })

  it('refuses a file without the required headings or with unknown ones', () => {
    const checked = checkOrganisationsCsv('title,kind,colour\nx,school,red', new Set())
    assert.equal(checked.ok, false)
    if (checked.ok) return
    assert.deepEqual(
      checked.problems.map((p) => p.message),
      [
        'The first row must have a column called name',
        '"title" is not a column Together knows',
        '"colour" is not a column Together knows',
      ],
    )
  })
})

describe('checking a people CSV', () => {
  const orgs = new Map<string, OrganisationKind>([
    ['oakfield primary school', 'school'],
    ['northshire police', 'police_force'],
  ])
  it('accepts roles as codes or words, several per person', () => {
    const text =
      'organisation,email,name,roles\nOakfield Primary School,Jane@Oakfield.example,Jane Morgan,dsl; Organisation administrator\n'
    const checked = checkUsersCsv(text, orgs, new Set())
    assert.deepEqual(checked, {
      ok: true,
      rows: [
        {
          row: 2,
          organisation: 'Oakfield Primary School',
          email: 'jane@oakfield.example',
          displayName: 'Jane Morgan',
          roles: ['dsl', 'org_admin'],
        },
      ],
    })
  })
  it('lists every bad row: duplicate email, taken email, unknown organisation, a role the kind does not allow', () => {
    const text = [
      'organisation,email,name,roles',
      'Oakfield Primary School,a@x.example,A,staff',
      'Oakfield Primary School,A@x.example,B,staff',
      'Nowhere,c@x.example,C,staff',
      'Oakfield Primary School,d@x.example,D,social_worker',
      'Northshire Police,taken@x.example,E,police_officer',
      'Northshire Police,f@x,F,wizard',
    ].join('\n')
    const checked = checkUsersCsv(text, orgs, new Set(['taken@x.example']))
    assert.equal(checked.ok, false)
    if (checked.ok) return
    assert.deepEqual(
      checked.problems.map((p) => [p.row, p.column]),
      [
        [3, 'email'],
        [4, 'organisation'],
        [5, 'roles'],
        [6, 'email'],
        [7, 'email'],
        [7, 'roles'],
      ],
    )
    assert.equal(checked.problems[2]?.message, 'Social worker is not a role in a school')
  })
})
