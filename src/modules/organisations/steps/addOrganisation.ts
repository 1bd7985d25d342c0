import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { nationalKinds, statutoryPartnerKinds } from '../../../platform/identity/organisations.js'
import type { OrganisationRow } from '../domain/importRows.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'

/**
 * An organisation of a local area, from the form or a row of the import: whether it is a statutory partner and
 * works across areas follow from its kind. Its id.
 */
export async function addOrganisation(
  tx: Transaction<DB>,
  localAreaId: string,
  row: Omit<OrganisationRow, 'row'>,
  now: Date,
): Promise<string> {
  return insertWithNewId(tx, 'organisation', {
    local_area_id: localAreaId,
    name: row.name,
    kind: row.kind,
    statutory_partner: statutoryPartnerKinds.includes(row.kind),
    created_at: now,
    contact_phone: row.contactPhone,
    contact_email: row.contactEmail,
    urn: row.urn,
    ods_code: row.odsCode,
    safeguarding_lead_name: row.safeguardingLeadName,
    safeguarding_lead_email: row.safeguardingLeadEmail,
    works_across_areas: nationalKinds.includes(row.kind),
  })
}
