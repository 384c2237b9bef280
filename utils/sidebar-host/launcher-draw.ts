import type { LauncherText } from './launcher-text.ts';

/** The launcher's 280 px less its mark, gap, padding and border. */
const MAX_LINE_WIDTH = 226;
const LINE_HEIGHT = 16;

/** `text` cut to fit, with an ellipsis, never inside a character. */
function fitToLine(context: CanvasRenderingContext2D, text: string): string {
  const fits = (candidate: string) => context.measureText(candidate).width <= MAX_LINE_WIDTH;
  if (fits(text)) return text;
  const chars = Array.from(text);
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (fits(`${chars.slice(0, mid).join('')}…`)) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('')}…`;
}

/**
 * Draws the launcher's two lines (team; goal and decisions) on `canvas`. Text in the page's DOM is the page's to
 * read, even inside a closed shadow root: `window.find` searches it and a selection copies it. Pixels on a canvas
 * the page cannot reach are not. Screen readers get the same words from the launcher's `aria-label`, which no page
 * API searches. Colours and font come from the shadow root's styles, so the theme applies.
 */
export function drawLauncherLines(canvas: HTMLCanvasElement, text: LauncherText, win: Window): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const css = win.getComputedStyle(canvas);
  const color = (name: string) => css.getPropertyValue(name).trim();
  const rows = [
    { text: text.team, font: `600 12px ${css.fontFamily}`, color: color(text.unowned ? '--amber' : '--fg') },
    { text: text.detail, font: `400 11px ${css.fontFamily}`, color: color(text.stale ? '--amber' : '--muted') },
  ].map((row) => {
    context.font = row.font;
    const fitted = fitToLine(context, row.text);
    return { ...row, text: fitted, width: context.measureText(fitted).width };
  });
  const width = Math.ceil(Math.max(...rows.map((row) => row.width)));
  const scale = win.devicePixelRatio || 1;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${rows.length * LINE_HEIGHT}px`;
  // Sizing the canvas resets its context: the font and colour are set again below.
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(rows.length * LINE_HEIGHT * scale);
  context.scale(scale, scale);
  context.textBaseline = 'middle';
  // Right-to-left (the launcher's `dir`, from the browser's language): lines start at the canvas's right edge.
  const rtl = css.direction === 'rtl';
  context.direction = rtl ? 'rtl' : 'ltr';
  context.textAlign = 'start';
  rows.forEach((row, index) => {
    context.font = row.font;
    context.fillStyle = row.color;
    context.fillText(row.text, rtl ? width : 0, index * LINE_HEIGHT + LINE_HEIGHT / 2);
  });
}
