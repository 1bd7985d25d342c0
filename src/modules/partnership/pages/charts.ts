/**
 * Charts drawn on the server as SVG strings (d3-scale for the scales, d3-shape for the lines: no DOM, no
 * JavaScript in the browser). Each chart is an image with a title and a description, and the page puts the same
 * figures in a table beside it, so nothing is said only by the picture. Series differ by line style and marker
 * as well as colour. Hidden (small) values are gaps, never zeros.
 */
import { scaleBand, scaleLinear, scalePoint } from 'd3-scale'
import { line } from 'd3-shape'

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export interface Series {
  readonly name: string
  /** One value per label; null where the value is hidden or missing. */
  readonly values: readonly (number | null)[]
  readonly style: 'solid' | 'dashed'
}

const BLUE = '#1d70b8'
const GREY = '#505a5f'
const TEXT = '#0b0c0c'
const GRID = '#b1b4b6'

let chartCounter = 0
const nextId = (prefix: string) => `${prefix}-${(chartCounter = (chartCounter + 1) % 1_000_000)}`

/** A line chart of monthly values: this year against last. */
export function lineChartSvg(o: {
  title: string
  description: string
  labels: readonly string[]
  series: readonly Series[]
  unit: 'count' | 'percentage'
}): string {
  const width = 640
  const height = 280
  const m = { top: 16, right: 16, bottom: 48, left: 56 }
  const all = o.series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const max = o.unit === 'percentage' ? 100 : Math.max(5, ...all)
  const x = scalePoint<string>()
    .domain([...o.labels])
    .range([m.left, width - m.right])
    .padding(0.5)
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([height - m.bottom, m.top])
  const titleId = nextId('chart-title')
  const descId = nextId('chart-desc')
  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" class="app-chart">`,
    `<title id="${titleId}">${esc(o.title)}</title><desc id="${descId}">${esc(o.description)}</desc>`,
  )
  for (const t of y.ticks(5)) {
    const yy = y(t).toFixed(1)
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${yy}" y2="${yy}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${m.left - 8}" y="${yy}" dy="0.32em" text-anchor="end" font-size="12" fill="${TEXT}">${esc(
        o.unit === 'percentage' ? `${t}%` : t.toLocaleString('en-GB'),
      )}</text>`,
    )
  }
  o.labels.forEach((label, i) => {
    const xx = (x(label) ?? 0).toFixed(1)
    parts.push(
      `<text x="${xx}" y="${height - m.bottom + 18}" text-anchor="middle" font-size="11" fill="${TEXT}">${esc(
        i % 2 === 0 ? label : '',
      )}</text>`,
    )
  })
  o.series.forEach((s, si) => {
    const colour = si === 0 ? BLUE : GREY
    const points = o.labels.map((label, i) => [x(label) ?? 0, s.values[i] ?? null] as const)
    const path = line<readonly [number, number | null]>()
      .defined((p) => p[1] !== null)
      .x((p) => p[0])
      .y((p) => y(p[1] ?? 0))(points)
    if (path !== null)
      parts.push(
        `<path d="${path}" fill="none" stroke="${colour}" stroke-width="3"${s.style === 'dashed' ? ' stroke-dasharray="8 5"' : ''}/>`,
      )
    for (const [px, v] of points) {
      if (v === null) continue
      parts.push(
        si === 0
          ? `<circle cx="${px.toFixed(1)}" cy="${y(v).toFixed(1)}" r="4" fill="${colour}"/>`
          : `<rect x="${(px - 4).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" width="8" height="8" fill="${colour}"/>`,
      )
    }
  })
  // The legend says which line is which in words, with each line's own style.
  o.series.forEach((s, si) => {
    const lx = m.left + si * 220
    const ly = height - 10
    const colour = si === 0 ? BLUE : GREY
    parts.push(
      `<line x1="${lx}" x2="${lx + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="3"${s.style === 'dashed' ? ' stroke-dasharray="8 5"' : ''}/>`,
      `<text x="${lx + 36}" y="${ly}" font-size="12" fill="${TEXT}">${esc(s.name)}</text>`,
    )
  })
  parts.push('</svg>')
  return parts.join('')
}

/** A horizontal bar chart of one breakdown. */
export function barChartSvg(o: {
  title: string
  description: string
  bars: readonly { label: string; value: number | null }[]
  unit: 'count' | 'percentage'
}): string {
  const width = 640
  const barHeight = 26
  const m = { top: 8, right: 72, bottom: 8, left: 220 }
  const height = m.top + m.bottom + barHeight * Math.max(1, o.bars.length)
  const max = o.unit === 'percentage' ? 100 : Math.max(5, ...o.bars.map((b) => b.value ?? 0))
  const x = scaleLinear()
    .domain([0, max])
    .range([m.left, width - m.right])
  const y = scaleBand<number>()
    .domain(o.bars.map((_, i) => i))
    .range([m.top, height - m.bottom])
    .padding(0.2)
  const titleId = nextId('chart-title')
  const descId = nextId('chart-desc')
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" class="app-chart">`,
    `<title id="${titleId}">${esc(o.title)}</title><desc id="${descId}">${esc(o.description)}</desc>`,
  ]
  o.bars.forEach((b, i) => {
    const top = y(i) ?? 0
    const mid = (top + y.bandwidth() / 2).toFixed(1)
    parts.push(
      `<text x="${m.left - 8}" y="${mid}" dy="0.32em" text-anchor="end" font-size="12" fill="${TEXT}">${esc(
        b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label,
      )}</text>`,
    )
    if (b.value === null) {
      parts.push(
        `<text x="${m.left + 4}" y="${mid}" dy="0.32em" font-size="12" fill="${TEXT}">Not shown (small number)</text>`,
      )
      return
    }
    const w = Math.max(1, x(b.value) - m.left)
    parts.push(
      `<rect x="${m.left}" y="${top.toFixed(1)}" width="${w.toFixed(1)}" height="${y.bandwidth().toFixed(1)}" fill="${BLUE}"/>`,
      `<text x="${(m.left + w + 6).toFixed(1)}" y="${mid}" dy="0.32em" font-size="12" fill="${TEXT}">${esc(
        o.unit === 'percentage' ? `${b.value}%` : b.value.toLocaleString('en-GB'),
      )}</text>`,
    )
  })
  parts.push('</svg>')
  return parts.join('')
}
