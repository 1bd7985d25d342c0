import type { Migration } from 'kysely'
import * as m0001 from './0001_foundation.js'
import * as m0002 from './0002_timescales.js'
import * as m0003 from './0003_children_concerns.js'
import * as m0004 from './0004_audit_sealing_and_name_words.js'
import * as m0005 from './0005_protection.js'
import * as m0006 from './0006_front_door.js'
import * as m0007 from './0007_case_work.js'
import * as m0008 from './0008_caseload_protection_check.js'
import * as m0008z from './0008z_step_engine.js'
import * as m0009 from './0009_sharing.js'
import * as m0010 from './0010_family_help.js'
import * as m0011 from './0011_partnership.js'
import * as m0012 from './0012_workforce.js'
import * as m0013 from './0013_area_returns.js'
import * as m0014 from './0014_identity.js'
import * as m0015 from './0015_repeated_concerns.js'
import * as m0016 from './0016_single_sign_on.js'
import * as m0018 from './0018_referrer_identity_public_report.js'
import * as m0020 from './0020_data_protection.js'
import * as m0021 from './0021_search_corrected_children.js'
import * as m0022 from './0022_sharing_setting_history.js'
import * as m0026 from './0026_area_code_child_census.js'
import * as m0027 from './0027_public_step_submission.js'

/** Numbered migrations, applied in order at start-up. Add new ones at the end; never edit a released one. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_timescales': m0002,
  '0003_children_concerns': m0003,
  '0004_audit_sealing_and_name_words': m0004,
  '0005_protection': m0005,
  '0006_front_door': m0006,
  '0007_case_work': m0007,
  '0008_caseload_protection_check': m0008,
  '0008z_step_engine': m0008z,
  '0009_sharing': m0009,
  '0010_family_help': m0010,
  '0011_partnership': m0011,
  '0012_workforce': m0012,
  '0013_area_returns': m0013,
  '0014_identity': m0014,
  '0015_repeated_concerns': m0015,
  '0016_single_sign_on': m0016,
  '0018_referrer_identity_public_report': m0018,
  '0020_data_protection': m0020,
  '0021_search_corrected_children': m0021,
  '0022_sharing_setting_history': m0022,
  '0026_area_code_child_census': m0026,
  '0027_public_step_submission': m0027,
}
