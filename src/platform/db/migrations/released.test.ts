import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
} from 'kysely'
import { migrations } from './index.js'

/**
 * A released migration has run on real databases, so a new database must get the same SQL: the TypeScript that
 * builds it (appendOnly.ts, for one) may be tidied, the text it sends may not. Each migration's SQL, as compiled
 * for PostgreSQL, hashed; a new migration adds its line once released.
 */
const released: Readonly<Record<string, string>> = {
  '0001_foundation': '924c0e3d9c640483c28f6fdaf3b6ca4cc8c2694e3f122b8dba490696884d8983',
  '0002_timescales': '8d98172752783f504c55f057e9744c3d8b50490bd43b962ce547fe398d6f3ca8',
  '0003_children_concerns': '09c3a126ff3fbe9ab854046329d60940ec08dfb8928a82fb6510e14cfecaf55f',
  '0004_audit_sealing_and_name_words': '6b495fc5acc14bbdf1de4e4219c8536bdbace822a8c74b7f5704c67f14adaeec',
  '0005_protection': '3a750646c997e2e9f264a9eb504a0ebefa068c68dfe9e09c5ab005462ed1e1ca',
  '0006_front_door': '4e5fd1ce62f95b8d47d9c9ffe4a5a4787f160680ecffa631bf0148a19d4166da',
  '0007_case_work': '71d92a74cb6e2d7edce75c9c9b763f23350ec14b4591bb77199ebf52faa4ebb5',
  '0008_caseload_protection_check': 'c4101aca932c5d876c00b99aa5fab643f81a29dd80b0584aa7ddadd503817bc5',
  '0008z_step_engine': '1ee056a81bb10266af4cdcca181bafe71face039fc3ad70505c274000058b88a',
  '0009_sharing': '5d2bf08fce2440ee6eb61763969add849e84249c146b7ac8e8a0394dae35bb3b',
  '0010_family_help': '8e3845c9372b82156c1b084ada549a51b729da668edcaf1d5ccab61fa2a1e011',
  '0011_partnership': 'b57b0732e60c37a0d7319e6e39ef15a88d0a201829e553e04528cf7135457fc7',
  '0012_workforce': '19bafed84ebf7cc975b1c7186c40cd9d2675ec0f99c945bc5b9a3657041667b5',
  '0013_area_returns': '34d57f3d66b6e3859feb61b43fa54a4051d5f3800160f84c443d2e482afffff5',
  '0014_identity': 'dae15b95f95635f4368a8e74b04502bf9bf95c2c14c447ad6720d8e5e9d2a48c',
  '0015_repeated_concerns': 'e356ce0d2b82be4f59c9cb435ec8978cdf5c287dcdfd96ae80ea8431b6e4555a',
  '0016_single_sign_on': '44045e19b1ad77a9c40dbf0e1a79720d66225ef71ca88336c46b5896cfcb0251',
  '0018_referrer_identity_public_report': '1ca29b36bc69f4e1d7b48044878985a59d95455e398ce8e6e8fefd85d12cf54b',
  '0020_data_protection': '5ab1af6592749cd891e6eaecd2e919f3a9b7e5920910ecf2622ca08ae6f8bf84',
  '0021_search_corrected_children': 'dd590f1f929b1f732faf9c0dae365b474a0119319bc39287df5bb4ed13245696',
  '0022_sharing_setting_history': '577b1b08643cdf6226f5b348703be39a01c31ad1401b74d2c59e7f013c87fab1',
  '0026_area_code_child_census': 'ecc77a65ffff058514e754d07be50301c17952ef22e162756ff6bfce4f20cfc6',
  '0027_public_step_submission': '50c5c8db3fc2b9699e33b85659a2cb0b7d811038b0134a53f94c58ee1812154a',
}

test('every migration is pinned here, so a released one cannot change unnoticed', () => {
  assert.deepEqual(Object.keys(migrations).sort(), Object.keys(released).sort())
})

test('every released migration sends exactly the SQL it sent when it was released', async () => {
  let sent: string[] = []
  const connection: DatabaseConnection = {
    executeQuery: (query) => {
      sent.push(query.sql)
      return Promise.resolve({ rows: [] })
    },
    streamQuery: () => {
      throw new Error('migrations do not stream')
    },
  }
  // Records what would be sent; no database needed.
  const driver: Driver = {
    init: () => Promise.resolve(),
    acquireConnection: () => Promise.resolve(connection),
    beginTransaction: () => Promise.resolve(),
    commitTransaction: () => Promise.resolve(),
    rollbackTransaction: () => Promise.resolve(),
    releaseConnection: () => Promise.resolve(),
    destroy: () => Promise.resolve(),
  }
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
  for (const [name, hash] of Object.entries(released)) {
    sent = []
    await migrations[name]!.up(db)
    assert.equal(createHash('sha256').update(sent.join('\n')).digest('hex'), hash, name)
  }
})
