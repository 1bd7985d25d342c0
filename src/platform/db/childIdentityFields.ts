/** What a child's row (child, child_current) holds about who the child is, as the database names it. */
export interface ChildIdentityColumns<Sex extends string> {
  readonly given_name: string
  readonly family_name: string
  readonly date_of_birth: string | null
  readonly expected_date_of_delivery: string | null
  readonly sex: Sex
  readonly nhs_number: string | null
  readonly upn: string | null
}

/** Those columns under the names the service's code and its API use. */
export const childIdentityFields = <Sex extends string>(row: ChildIdentityColumns<Sex>) => ({
  givenName: row.given_name,
  familyName: row.family_name,
  dateOfBirth: row.date_of_birth,
  expectedDateOfDelivery: row.expected_date_of_delivery,
  sex: row.sex,
  nhsNumber: row.nhs_number,
  upn: row.upn,
})

/** Who the child is, under the code's names: what childIdentityFields gives. */
export type ChildIdentityFields<Sex extends string = string> = Readonly<ReturnType<typeof childIdentityFields<Sex>>>
