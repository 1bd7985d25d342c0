/* global document, DOMPoint */
/**
 * Body map: makes the front and back outlines on "What kind of concern is it?" interactive (progressive
 * enhancement: without this script the outlines only show the marks already added, and the region list is used).
 *
 * - Clicking an outline places the new mark there.
 * - Keyboard: tab to an outline, move the crosshair with the arrow keys (Shift for bigger steps), Enter or Space
 *   places the mark. Each move is announced politely, in the words the server will use for the mark.
 * - Placing fills the hidden inputs markSide, markX and markY (percent of the outline) and moves focus to
 *   "Describe the mark". "Add this mark" then posts the form as usual: the server checks and keeps the mark.
 *
 * No inline styles or handlers (the Content Security Policy allows neither): only classes and attributes.
 */

const STEP = 2
const BIG_STEP = 10

const clamp = (n) => Math.min(100, Math.max(0, n))
const round1 = (n) => Math.round(n * 10) / 10

/** "Left cheek", or "Near the chest" between parts: the same words as positionLabel in bodyMapView.ts. */
function describe(info, x, y) {
  const px = (x / 100) * info.width
  const py = (y / 100) * info.height
  let best
  for (const [label, ax, ay] of info.regions) {
    const d = Math.hypot(px - ax, py - ay)
    if (best === undefined || d < best.d) best = { label, d }
  }
  if (best === undefined) return info.side
  return best.d <= info.near ? best.label : `Near the ${best.label.charAt(0).toLowerCase()}${best.label.slice(1)}`
}

function addId(element, attribute, id) {
  const ids = (element.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean)
  if (!ids.includes(id)) element.setAttribute(attribute, [...ids, id].join(' '))
}

function removeId(element, attribute, id) {
  const ids = (element.getAttribute(attribute) ?? '').split(/\s+/).filter((x) => x !== '' && x !== id)
  if (ids.length > 0) element.setAttribute(attribute, ids.join(' '))
  else element.removeAttribute(attribute)
}

function initBodyMap(root) {
  const inputs = {
    side: root.querySelector('input[name="markSide"]'),
    x: root.querySelector('input[name="markX"]'),
    y: root.querySelector('input[name="markY"]'),
  }
  const live = root.querySelector('[data-body-map-live]')
  const status = document.getElementById('body-map-status')
  const statusText = root.querySelector('[data-body-map-status]')
  const clear = root.querySelector('[data-body-map-clear]')
  const description = document.getElementById('markDescription')
  const regionLabel = document.querySelector('label[for="markRegion"]')
  const svgs = [...root.querySelectorAll('svg[data-body-map]')]
  if (!inputs.side || !inputs.x || !inputs.y || !live || !status || !statusText || !clear || svgs.length === 0) return

  const outlines = new Map()
  for (const svg of svgs) {
    let info
    try {
      info = JSON.parse(svg.getAttribute('data-body-map') ?? '')
    } catch {
      return
    }
    outlines.set(svg, {
      info,
      side: svg.getAttribute('data-side'),
      position: { x: 50, y: 30 },
      crosshair: svg.querySelector('.app-body-map__crosshair'),
      pending: svg.querySelector('.app-body-map__pending'),
    })
  }

  const announce = (text) => {
    live.textContent = text
  }

  const moveCrosshair = (outline, x, y) => {
    outline.position = { x, y }
    outline.crosshair?.setAttribute('transform', `translate(${(x / 100) * outline.info.width} ${(y / 100) * outline.info.height})`)
  }

  const setOptional = (optional) => {
    if (!regionLabel) return
    const existing = regionLabel.querySelector('[data-body-map-optional]')
    if (optional && !existing) {
      const span = document.createElement('span')
      span.setAttribute('data-body-map-optional', '')
      span.textContent = ' (optional)'
      regionLabel.append(span)
    } else if (!optional && existing) {
      existing.remove()
    }
  }

  /** Shows the new mark on one outline (and on no other) and fills the hidden inputs. */
  const place = (svg, x, y, { moveFocus }) => {
    const outline = outlines.get(svg)
    for (const [other, o] of outlines) {
      if (other !== svg) o.pending?.classList.add('app-body-map__hidden')
    }
    outline.pending?.setAttribute('transform', `translate(${(x / 100) * outline.info.width} ${(y / 100) * outline.info.height})`)
    outline.pending?.classList.remove('app-body-map__hidden')
    inputs.side.value = outline.side
    inputs.x.value = String(x)
    inputs.y.value = String(y)
    statusText.textContent = `New mark: ${describe(outline.info, x, y)}`
    status.hidden = false
    setOptional(true)
    if (description) {
      // Read out with the description's label, so a screen reader hears where the mark is as focus moves there.
      addId(description, 'aria-describedby', 'body-map-status')
      if (moveFocus) description.focus()
    }
  }

  const clearPlace = () => {
    let side
    for (const [svg, o] of outlines) {
      if (o.side === inputs.side.value) side = svg
      o.pending?.classList.add('app-body-map__hidden')
    }
    inputs.side.value = ''
    inputs.x.value = ''
    inputs.y.value = ''
    statusText.textContent = ''
    status.hidden = true
    setOptional(false)
    if (description) removeId(description, 'aria-describedby', 'body-map-status')
    ;(side ?? svgs[0]).focus()
    announce('The place on the outline has been cleared')
  }

  const describedBy = ['body-map-instructions', ...(document.getElementById('markPosition-error') ? ['markPosition-error'] : [])]
  for (const [svg, outline] of outlines) {
    svg.setAttribute('role', 'application')
    svg.setAttribute('tabindex', '0')
    for (const id of describedBy) addId(svg, 'aria-describedby', id)
    moveCrosshair(outline, outline.position.x, outline.position.y)

    // Focus from the keyboard says where the crosshair is; a click says nothing here (it places the mark).
    let pointer = false
    svg.addEventListener('pointerdown', () => {
      pointer = true
    })
    svg.addEventListener('focus', () => {
      if (!pointer) announce(`Crosshair: ${describe(outline.info, outline.position.x, outline.position.y)}`)
      pointer = false
    })

    svg.addEventListener('click', (event) => {
      pointer = false
      const ctm = svg.getScreenCTM()
      if (!ctm) return
      const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse())
      const x = clamp(round1((p.x / outline.info.width) * 100))
      const y = clamp(round1((p.y / outline.info.height) * 100))
      moveCrosshair(outline, x, y)
      place(svg, x, y, { moveFocus: true })
    })

    svg.addEventListener('keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return
      const step = event.shiftKey ? BIG_STEP : STEP
      let { x, y } = outline.position
      switch (event.key) {
        case 'ArrowLeft':
          x -= step
          break
        case 'ArrowRight':
          x += step
          break
        case 'ArrowUp':
          y -= step
          break
        case 'ArrowDown':
          y += step
          break
        case 'Enter':
        case ' ':
          event.preventDefault()
          place(svg, x, y, { moveFocus: true })
          return
        default:
          return
      }
      event.preventDefault()
      moveCrosshair(outline, clamp(x), clamp(y))
      announce(`Crosshair: ${describe(outline.info, outline.position.x, outline.position.y)}`)
    })
  }

  clear.addEventListener('click', clearPlace)

  for (const el of root.querySelectorAll('.app-body-map__no-js')) el.hidden = true
  for (const el of root.querySelectorAll('[data-body-map-js]:not(#body-map-status)')) el.hidden = false
  root.classList.add('app-body-map--interactive')

  // After a form error the server sends the new mark back: show it again, without moving focus.
  const svg = svgs.find((s) => outlines.get(s).side === inputs.side.value)
  const x = Number(inputs.x.value)
  const y = Number(inputs.y.value)
  if (svg && inputs.x.value !== '' && inputs.y.value !== '' && x >= 0 && x <= 100 && y >= 0 && y <= 100) {
    moveCrosshair(outlines.get(svg), x, y)
    place(svg, x, y, { moveFocus: false })
  }
}

for (const root of document.querySelectorAll('[data-module="app-body-map"]')) initBodyMap(root)
