/**
 * A body map records where marks (bruises, burns, cuts) were seen, without anyone examining the child: staff
 * note what was visible, they never undress or examine a child. With JavaScript the page shows front and back
 * outlines and a mark is placed by mouse or keyboard as x, y percentages of the outline; without
 * JavaScript the person picks a body region from a list. Either way each mark needs a description.
 *
 * Left and right are the CHILD's left and right, as on clinical body maps: the page must say so.
 */
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { TEXT_LIMITS, textProblem } from './text.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const { ids: bodySides, is: isBodySide, labels: bodySideLabels } = wordList({ front: 'Front', back: 'Back' })
export type BodySide = (typeof bodySides)[number]

/** At most this many marks on one concern's body map. */
export const MAX_BODY_MAP_MARKS = 50

export const BODY_MAP_SIDE_NOTE = 'Left and right mean the child’s left and right.'

const regions = [
  // Front
  { id: 'head', label: 'Head (top)', side: 'front' },
  { id: 'face', label: 'Face', side: 'front' },
  { id: 'forehead', label: 'Forehead', side: 'front' },
  { id: 'right_eye', label: 'Right eye', side: 'front' },
  { id: 'left_eye', label: 'Left eye', side: 'front' },
  { id: 'nose', label: 'Nose', side: 'front' },
  { id: 'right_cheek', label: 'Right cheek', side: 'front' },
  { id: 'left_cheek', label: 'Left cheek', side: 'front' },
  { id: 'chin', label: 'Chin', side: 'front' },
  { id: 'left_ear', label: 'Left ear', side: 'front' },
  { id: 'right_ear', label: 'Right ear', side: 'front' },
  { id: 'mouth', label: 'Mouth and lips', side: 'front' },
  { id: 'neck', label: 'Neck (front)', side: 'front' },
  { id: 'left_shoulder', label: 'Left shoulder', side: 'front' },
  { id: 'right_shoulder', label: 'Right shoulder', side: 'front' },
  { id: 'chest', label: 'Chest', side: 'front' },
  { id: 'abdomen', label: 'Tummy (abdomen)', side: 'front' },
  { id: 'genital_area', label: 'Genital area', side: 'front' },
  { id: 'left_upper_arm', label: 'Left upper arm', side: 'front' },
  { id: 'right_upper_arm', label: 'Right upper arm', side: 'front' },
  { id: 'left_forearm', label: 'Left forearm', side: 'front' },
  { id: 'right_forearm', label: 'Right forearm', side: 'front' },
  { id: 'left_wrist', label: 'Left wrist', side: 'front' },
  { id: 'right_wrist', label: 'Right wrist', side: 'front' },
  { id: 'left_palm', label: 'Left hand (palm)', side: 'front' },
  { id: 'right_palm', label: 'Right hand (palm)', side: 'front' },
  { id: 'left_thigh', label: 'Left thigh (front)', side: 'front' },
  { id: 'right_thigh', label: 'Right thigh (front)', side: 'front' },
  { id: 'left_knee', label: 'Left knee', side: 'front' },
  { id: 'right_knee', label: 'Right knee', side: 'front' },
  { id: 'left_shin', label: 'Left lower leg (shin)', side: 'front' },
  { id: 'right_shin', label: 'Right lower leg (shin)', side: 'front' },
  { id: 'left_foot', label: 'Left foot (top)', side: 'front' },
  { id: 'right_foot', label: 'Right foot (top)', side: 'front' },
  // Back
  { id: 'back_of_head', label: 'Back of head', side: 'back' },
  { id: 'back_of_neck', label: 'Back of neck', side: 'back' },
  { id: 'upper_back', label: 'Upper back', side: 'back' },
  { id: 'lower_back', label: 'Lower back', side: 'back' },
  { id: 'buttocks', label: 'Bottom (buttocks)', side: 'back' },
  { id: 'back_of_left_upper_arm', label: 'Back of left upper arm', side: 'back' },
  { id: 'back_of_right_upper_arm', label: 'Back of right upper arm', side: 'back' },
  { id: 'back_of_left_forearm', label: 'Back of left forearm', side: 'back' },
  { id: 'back_of_right_forearm', label: 'Back of right forearm', side: 'back' },
  { id: 'back_of_left_hand', label: 'Back of left hand', side: 'back' },
  { id: 'back_of_right_hand', label: 'Back of right hand', side: 'back' },
  { id: 'back_of_left_thigh', label: 'Back of left thigh', side: 'back' },
  { id: 'back_of_right_thigh', label: 'Back of right thigh', side: 'back' },
  { id: 'back_of_left_knee', label: 'Back of left knee', side: 'back' },
  { id: 'back_of_right_knee', label: 'Back of right knee', side: 'back' },
  { id: 'left_calf', label: 'Left calf', side: 'back' },
  { id: 'right_calf', label: 'Right calf', side: 'back' },
  { id: 'left_heel', label: 'Left heel and sole', side: 'back' },
  { id: 'right_heel', label: 'Right heel and sole', side: 'back' },
] as const satisfies readonly { readonly id: string; readonly label: string; readonly side: BodySide }[]

export type BodyRegionId = (typeof regions)[number]['id']

export interface BodyRegion {
  readonly id: BodyRegionId
  /** Plain words, for a GOV.UK select or radios. */
  readonly label: string
  readonly side: BodySide
}

/** Every region, front then back, each list in head-to-toe order. Ids are stored: never change one. */
export const bodyRegions: readonly BodyRegion[] = regions

export const bodyRegionsOn = (side: BodySide): readonly BodyRegion[] => bodyRegions.filter((r) => r.side === side)

const regionById: ReadonlyMap<string, BodyRegion> = new Map(bodyRegions.map((r) => [r.id, r]))

export const findBodyRegion = (id: string): BodyRegion | undefined => regionById.get(id)

/** One mark as the page sends it: x, y from the JavaScript map, or a region from the list, or both. */
export interface MarkInput {
  readonly side?: string | undefined
  /** 0–100: percent of the outline's width, from its left edge as drawn. */
  readonly x?: number | undefined
  /** 0–100: percent of the outline's height, from the top. */
  readonly y?: number | undefined
  readonly region?: string | undefined
  readonly description: string
  /** Which of the concern's children the mark was seen on (needed only when the concern is about several). */
  readonly childId?: string | undefined
}

export interface ValidMark {
  readonly side: BodySide
  readonly x?: number
  readonly y?: number
  readonly region?: BodyRegionId
  /** Verbatim. */
  readonly description: string
  readonly childId?: string
}

export type MarkField = 'side' | 'position' | 'region' | 'description'
export type MarkInvalidCode = 'BODY_MAP.MARK_INVALID'

export const markMessages = {
  sideMissing: 'Select front or back',
  positionInvalid: 'Place the mark on the outline of the body',
  regionUnknown: 'Select a part of the body from the list',
  regionWrongSide: 'Select a part of the body on the side you chose',
  whereMissing: 'Select where on the body the mark is',
  descriptionMissing: 'Enter a description of the mark',
} as const

const isPercent = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n) && n >= 0 && n <= 100

/**
 * Check one mark. A region, if given, must exist and (when a side is given too) be on that side; the side
 * may be left out when a region is given. x and y come together, each 0–100. A mark needs a position or a
 * region. Description required, ≤ TEXT_LIMITS.bodyMapMarkDescription characters, kept verbatim.
 */
export function validateMark(input: MarkInput): Result<ValidMark, DomainError<MarkInvalidCode>> {
  const fields: Partial<Record<MarkField, string>> = {}
  const regionId = input.region?.trim() ?? ''
  const region = regionId === '' ? undefined : findBodyRegion(regionId)
  const sideText = input.side?.trim() ?? ''
  const side: BodySide | undefined = isBodySide(sideText) ? sideText : region?.side

  if (side === undefined) fields.side = markMessages.sideMissing
  const hasPosition = input.x !== undefined || input.y !== undefined
  if (hasPosition && !(isPercent(input.x) && isPercent(input.y))) fields.position = markMessages.positionInvalid
  if (regionId !== '' && region === undefined) fields.region = markMessages.regionUnknown
  else if (region !== undefined && side !== undefined && region.side !== side)
    fields.region = markMessages.regionWrongSide
  else if (!hasPosition && region === undefined) fields.region = markMessages.whereMissing

  const description = textProblem(input.description, {
    label: 'Description of the mark',
    max: TEXT_LIMITS.bodyMapMarkDescription,
    missing: markMessages.descriptionMissing,
  })
  if (description !== undefined) fields.description = description

  const messages = Object.values(fields)
  if (messages.length > 0 || side === undefined) {
    return err(domainError('BODY_MAP.MARK_INVALID', messages[0] ?? markMessages.sideMissing, fields))
  }
  return ok({
    side,
    ...(isPercent(input.x) && isPercent(input.y) ? { x: input.x, y: input.y } : {}),
    ...(region === undefined ? {} : { region: region.id }),
    description: input.description,
    ...(input.childId === undefined || input.childId.trim() === '' ? {} : { childId: input.childId.trim() }),
  })
}
