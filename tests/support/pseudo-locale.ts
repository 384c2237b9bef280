/**
 * Pseudo-locales for layout tests: the production build's English messages made longer and accented (what German,
 * Finnish or Russian do to a layout), or also right-to-left (what Arabic and Hebrew do), written into a copy of the
 * build. Substitutions (`$1`, `$$`, `{name}`) and the plural separator stay as they are, so every message still
 * works; only its words change.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, index) => [
    letter,
    [...'áƀçðéƒĝĥíĵķļɱñóþǫŕšţúṽŵẋýžÅƁÇÐÉƑĜĤÍĴĶĻṀÑÓÞǪŔŠŢÚṼŴẊÝŽ'][index] as string,
  ]),
);
/** What a message may hold that the browser or `t()` fills in: never rewritten. */
const TOKEN = /(\$\$|\$\d|\{\w+\})/;

/** One message made about 40% longer and accented, wrapped in ⟦ ⟧ so a cut-off end shows. */
export function pseudoText(message: string): string {
  return message
    .split(' | ')
    .map((form) => {
      const accented = form
        .split(TOKEN)
        .map((part) => (TOKEN.test(part) ? part : [...part].map((char) => ACCENTED[char] ?? char).join('')))
        .join('');
      const visible = form.replace(/\$\d|\{\w+\}/g, 'xxxx').length;
      // Extra words (so lines can still wrap where a longer language would), about 40% of the message.
      const extra = Math.ceil(visible * 0.4);
      const padding =
        extra > 0
          ? ` ${'ẋẋẋẋẋ '
              .repeat(Math.ceil(extra / 6))
              .slice(0, extra)
              .trim()}`
          : '';
      return `⟦${accented}${padding}⟧`;
    })
    .join(' | ');
}

export type PseudoLocale = 'pseudo' | 'rtl';

/**
 * A copy of the build at `extensionDir` with pseudo messages: `pseudo` replaces English (the browser stays in
 * English), `rtl` adds Arabic (`_locales/ar`, for a browser running with `lang: 'ar'`) whose messages read
 * right-to-left. Returns the copy's folder; the browser's `@@bidi_dir` is what makes the pages rtl.
 */
export function pseudoBuild(extensionDir: string, locale: PseudoLocale): string {
  const copy = join(mkdtempSync(join(tmpdir(), `hallway-${locale}-`)), 'extension');
  cpSync(extensionDir, copy, { recursive: true });
  const english = JSON.parse(readFileSync(join(extensionDir, '_locales', 'en', 'messages.json'), 'utf8')) as Record<
    string,
    { message: string }
  >;
  const messages = Object.fromEntries(
    Object.entries(english).map(([key, { message }]) => [
      key,
      // Right-to-left override: Latin letters laid out as an rtl script's would be.
      { message: locale === 'rtl' ? `\u202e${pseudoText(message)}\u202c` : pseudoText(message) },
    ]),
  );
  const folder = join(copy, '_locales', locale === 'rtl' ? 'ar' : 'en');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'messages.json'), JSON.stringify(messages));
  return copy;
}

/**
 * Runs in a page (or a frame), as a script: every element that leaves its container (wider than a parent that neither
 * scrolls nor clips on purpose), text cut off without an ellipsis, and a page that scrolls sideways. Measured, not
 * looked at. A string, so no bundler helper ends up in the page.
 */
export const OVERFLOWS_IN_PAGE = `(() => {
  const problems = [];
  const name = (element) => {
    const text = (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
    const classes = [...element.classList].slice(0, 4).join('.');
    return '<' + element.tagName.toLowerCase() + (classes ? '.' + classes : '') + '> "' + text + '"';
  };
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push('the page scrolls sideways: ' + root.scrollWidth + 'px of ' + root.clientWidth + 'px');
  }
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest('.sr-only, [hidden], svg *')) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const parent = element.parentElement;
    const positioned = style.position === 'absolute' || style.position === 'fixed';
    if (parent && parent !== document.body && !positioned) {
      const outer = parent.getBoundingClientRect();
      const clips = getComputedStyle(parent).overflowX !== 'visible';
      const by = Math.max(box.right - outer.right, outer.left - box.left);
      if (!clips && by > 1) problems.push(name(element) + ' leaves ' + name(parent) + ' by ' + Math.round(by) + 'px');
    }
    // Text wider than its own box: it spills over what follows, or is cut off where the box clips (an ellipsis or a
    // line clamp says so on purpose). Scrolling boxes and inline boxes (which have no width of their own) aside.
    const ownText = [...element.childNodes].some((node) => node.nodeType === 3 && (node.textContent || '').trim());
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (ownText && !scrolls && style.display !== 'inline' && element.scrollWidth > element.clientWidth + 1) {
      const cuts = style.overflowX === 'hidden' || style.overflowX === 'clip';
      const clamp = style.getPropertyValue('-webkit-line-clamp');
      const marked = style.textOverflow === 'ellipsis' || (clamp !== '' && clamp !== 'none');
      const size = element.scrollWidth + 'px in ' + element.clientWidth + 'px';
      if (!cuts) problems.push(name(element) + ' overflows its box: ' + size);
      else if (!marked) problems.push(name(element) + ' cuts its text off: ' + size);
    }
  }
  return problems;
})()`;
