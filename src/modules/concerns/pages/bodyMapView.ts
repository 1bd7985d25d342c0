/**
 * What the body-map partials (views/partials/body-map-*.njk) need: the marks as numbered dots on the front and
 * back outlines, and a numbered list of the same marks in words (the dots' text alternative). The outlines are
 * drawn in a 200 × 400 viewBox; a mark's x and y are percentages of that box, as the domain stores them.
 *
 * The point near the middle of each body region is here too, so a mark placed by position can be described as
 * "Chest" (or "Near the chest" between parts). The same points go to the page (data-body-map on each outline) so
 * body-map.js describes the keyboard crosshair with exactly the words the server will use for the mark.
 */
import {
  bodyRegions,
  bodySideLabels,
  findBodyRegion,
  isBodySide,
  type BodyRegionId,
  type BodySide,
} from '../domain/bodyMap.js'

export const BODY_MAP_WIDTH = 200
export const BODY_MAP_HEIGHT = 400
/** A point further than this (viewBox units) from every region's middle is described by percentages alone. */
const NEAR = 32

/**
 * Roughly the middle of each region on the outline as drawn. On the front the child faces us, so the child's
 * right is on the left of the picture; on the back it is on the right.
 */
const regionPoints: Readonly<Record<BodyRegionId, readonly [number, number]>> = {
  head: [100, 15],
  face: [100, 38],
  forehead: [100, 26],
  right_eye: [90, 36],
  left_eye: [110, 36],
  nose: [100, 44],
  right_cheek: [87, 48],
  left_cheek: [113, 48],
  chin: [100, 65],
  right_ear: [74, 42],
  left_ear: [126, 42],
  mouth: [100, 56],
  neck: [100, 77],
  right_shoulder: [62, 96],
  left_shoulder: [138, 96],
  chest: [100, 115],
  abdomen: [100, 162],
  genital_area: [100, 212],
  right_upper_arm: [43, 134],
  left_upper_arm: [157, 134],
  right_forearm: [31, 192],
  left_forearm: [169, 192],
  right_wrist: [26, 228],
  left_wrist: [174, 228],
  right_palm: [26, 250],
  left_palm: [174, 250],
  right_thigh: [78, 248],
  left_thigh: [122, 248],
  right_knee: [80, 292],
  left_knee: [120, 292],
  right_shin: [82, 334],
  left_shin: [118, 334],
  right_foot: [81, 380],
  left_foot: [119, 380],
  back_of_head: [100, 34],
  back_of_neck: [100, 77],
  upper_back: [100, 122],
  lower_back: [100, 176],
  buttocks: [100, 218],
  back_of_left_upper_arm: [43, 134],
  back_of_right_upper_arm: [157, 134],
  back_of_left_forearm: [31, 192],
  back_of_right_forearm: [169, 192],
  back_of_left_hand: [26, 244],
  back_of_right_hand: [174, 244],
  back_of_left_thigh: [78, 252],
  back_of_right_thigh: [122, 252],
  back_of_left_knee: [80, 292],
  back_of_right_knee: [120, 292],
  left_calf: [82, 332],
  right_calf: [118, 332],
  left_heel: [81, 380],
  right_heel: [119, 380],
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

/** The region whose middle is nearest the point, and whether it is near enough to say the mark is on it. */
export function nearestRegion(side: BodySide, x: number, y: number): { label: string; near: boolean } {
  const px = (x / 100) * BODY_MAP_WIDTH
  const py = (y / 100) * BODY_MAP_HEIGHT
  let best: { label: string; d: number } | undefined
  for (const r of bodyRegions) {
    if (r.side !== side) continue
    const [ax, ay] = regionPoints[r.id]
    const d = Math.hypot(px - ax, py - ay)
    if (best === undefined || d < best.d) best = { label: r.label, d }
  }
  // Every side has regions, so there is always a nearest one.
  const found = best ?? { label: bodySideLabels[side], d: 0 }
  return { label: found.label, near: found.d <= NEAR }
}

/**
 * A mark placed on the outline, in the words of the body: "Left cheek", or "Near the chest" when it is between
 * parts. The region names already say front or back ("Back of neck", "Left thigh (front)"). body-map.js builds
 * the same words for the crosshair.
 */
export function positionLabel(side: BodySide, x: number, y: number): string {
  const { label, near } = nearestRegion(side, x, y)
  return near ? label : `Near the ${lowerFirst(label)}`
}

/** What body-map.js needs to describe a point on one outline, as JSON for a data attribute. */
function outlineData(side: BodySide): string {
  return JSON.stringify({
    side: bodySideLabels[side],
    width: BODY_MAP_WIDTH,
    height: BODY_MAP_HEIGHT,
    near: NEAR,
    regions: bodyRegions.filter((r) => r.side === side).map((r) => [r.label, ...regionPoints[r.id]]),
  })
}

/** Percent of the outline to viewBox units, to two decimal places (so 28.5% down is 114, not 113.99999999999999). */
const toUnits = (percent: number, size: number) => Math.round(percent * size) / 100

const isPercent = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100

export interface BodyMapPosition {
  readonly side: BodySide
  readonly x: number
  readonly y: number
}

export interface BodyMapItem {
  readonly number: number
  /** "Left forearm", whether chosen from the list or placed on the outline. */
  readonly label: string
  readonly description: string
  /** The child the mark was seen on, when the concern is about more than one. */
  readonly child?: string
}

export interface BodyMapDot {
  readonly number: number
  /** viewBox units. */
  readonly cx: number
  readonly cy: number
}

export interface BodyMapOutline {
  readonly side: BodySide
  readonly label: string
  /** The outline's text alternative; the numbered list beside it gives each mark in words. */
  readonly ariaLabel: string
  readonly dots: readonly BodyMapDot[]
  /** JSON for body-map.js. */
  readonly data: string
  /** The mark being added, placed but not yet saved (only after a form error). */
  readonly pending?: { readonly cx: number; readonly cy: number }
}

export interface BodyMapView {
  readonly outlines: readonly BodyMapOutline[]
  readonly items: readonly BodyMapItem[]
  /** True when at least one mark was placed on an outline (otherwise the list alone says it all). */
  readonly hasDots: boolean
  readonly pending?: BodyMapPosition & { readonly label: string }
}

const sideNotes: Readonly<Record<BodySide, string>> = {
  front: 'the child’s right is on the left of the picture',
  back: 'the child’s left is on the left of the picture',
}

/**
 * The marks of a draft or a recorded concern (stored JSON, so checked field by field; anything unreadable is
 * listed in words without a dot rather than failing the page), and optionally the mark being added.
 */
export function bodyMapView(
  marks: unknown,
  pending?: BodyMapPosition,
  children: readonly { readonly id: string; readonly name: string }[] = [],
): BodyMapView {
  const list = Array.isArray(marks) ? (marks as unknown[]) : []
  const items: BodyMapItem[] = []
  const dots: Record<BodySide, BodyMapDot[]> = { front: [], back: [] }
  list.forEach((raw, i) => {
    const m = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const number = i + 1
    const side = typeof m.side === 'string' && isBodySide(m.side) ? m.side : undefined
    const region = typeof m.region === 'string' ? findBodyRegion(m.region) : undefined
    const position = side !== undefined && isPercent(m.x) && isPercent(m.y) ? { side, x: m.x, y: m.y } : undefined
    if (position !== undefined)
      dots[position.side].push({
        number,
        cx: toUnits(position.x, BODY_MAP_WIDTH),
        cy: toUnits(position.y, BODY_MAP_HEIGHT),
      })
    const label =
      region?.label ??
      (position !== undefined
        ? positionLabel(position.side, position.x, position.y)
        : side === undefined
          ? 'Mark'
          : bodySideLabels[side])
    const child = children.length > 1 ? children.find((c) => c.id === m.childId)?.name : undefined
    items.push({
      number,
      label,
      description: typeof m.description === 'string' ? m.description : '',
      ...(child === undefined ? {} : { child }),
    })
  })
  const outlines = (['front', 'back'] as const).map((side): BodyMapOutline => {
    const numbers = dots[side].map((d) => d.number)
    const shown =
      numbers.length === 0
        ? ''
        : numbers.length === 1
          ? ` Shows mark ${numbers[0]}.`
          : ` Shows marks ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}.`
    return {
      side,
      label: bodySideLabels[side],
      ariaLabel: `Body outline, ${side} (${sideNotes[side]}).${shown}`,
      dots: dots[side],
      data: outlineData(side),
      ...(pending?.side === side
        ? { pending: { cx: toUnits(pending.x, BODY_MAP_WIDTH), cy: toUnits(pending.y, BODY_MAP_HEIGHT) } }
        : {}),
    }
  })
  return {
    outlines,
    items,
    hasDots: dots.front.length + dots.back.length > 0,
    ...(pending === undefined
      ? {}
      : { pending: { ...pending, label: positionLabel(pending.side, pending.x, pending.y) } }),
  }
}
