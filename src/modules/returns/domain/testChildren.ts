import type { CensusChild, CensusEpisode } from './census.js'

/** Census records for tests: a child on a plan after a section 47 enquiry, and a referral with no further action. */
export const episode = (over: Partial<CensusEpisode> = {}): CensusEpisode => ({
  episodeId: 'e1',
  reference: 'EP-1',
  referralDate: '2025-05-06',
  referralSource: '2A',
  primaryNeed: 'N1',
  closureDate: null,
  closureReason: null,
  referralNfa: false,
  assessments: [{ startDate: '2025-05-07', authorisationDate: '2025-06-20', factors: ['3B', '16A'] }],
  cinPlans: [],
  section47: [
    {
      startDate: '2025-05-08',
      initialConferenceTarget: '2025-05-29',
      initialConferenceDate: '2025-05-29',
      conferenceNotRequired: false,
    },
  ],
  protectionPlans: [
    {
      startDate: '2025-05-29',
      endDate: null,
      initialCategory: 'NEG',
      latestCategory: 'NEG',
      previousPlans: 0,
      reviewDates: ['2025-08-28'],
    },
  ],
  preProceedings: [],
  ...over,
})

export const child = (over: Partial<CensusChild> = {}): CensusChild => ({
  childId: '00000000-0000-4000-8000-000000000001',
  laChildId: '00000000000040008000',
  upn: null,
  upnUnknown: null,
  dateOfBirth: '2016-02-10',
  expectedDateOfBirth: null,
  sex: 'F',
  deathDate: null,
  ethnicity: 'WBRI',
  disabilities: ['NONE'],
  episodes: [episode()],
  ...over,
})

export const nfaChild = (): CensusChild =>
  child({
    childId: '00000000-0000-4000-8000-000000000002',
    laChildId: '00000000000040008002',
    upnUnknown: 'UN7',
    sex: 'M',
    ethnicity: 'NOBT',
    disabilities: [],
    episodes: [
      episode({
        episodeId: 'e2',
        reference: 'EP-2',
        referralDate: '2025-09-01',
        referralSource: '6',
        primaryNeed: null,
        referralNfa: true,
        closureDate: '2025-09-01',
        closureReason: 'RC8',
        assessments: [],
        section47: [],
        protectionPlans: [],
      }),
    ],
  })
