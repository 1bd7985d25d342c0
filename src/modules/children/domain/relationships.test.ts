import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkRelationship, reciprocalSiblingKind, relationshipLabel } from './relationships.js'

test('relationships are checked against the table, and adults’ kinds are not for other children', () => {
  assert.equal(checkRelationship('mother', false).ok, true)
  assert.equal(checkRelationship('mother', true).ok, false)
  assert.equal(checkRelationship('sibling', true).ok, true)
  assert.equal(checkRelationship('cousin-ish', false).ok, false)
  assert.equal(reciprocalSiblingKind('half_sibling'), 'half_sibling')
  assert.equal(reciprocalSiblingKind('father'), undefined)
  assert.equal(relationshipLabel('parents_partner'), 'Parent’s partner')
})
