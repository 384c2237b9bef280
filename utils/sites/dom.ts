/** Small DOM readers shared by the site adapters. They only read, so they work on live and on parsed documents. */

/** The element's visible text with whitespace collapsed; a form field's current value. */
export function textOf(element: Element | null | undefined): string {
  if (!element) return '';
  const raw = 'value' in element && typeof element.value === 'string' ? element.value : (element.textContent ?? '');
  return raw.replace(/\s+/g, ' ').trim();
}

/** The first non-empty text among the selectors, tried in order inside `root`. */
export function firstText(root: ParentNode, selectors: readonly string[]): string {
  for (const selector of selectors) {
    const text = textOf(root.querySelector(selector));
    if (text) return text;
  }
  return '';
}

/** Distinct non-empty texts of every match, in document order. */
export function allTexts(root: ParentNode, selector: string): string[] {
  const texts = [...root.querySelectorAll(selector)].map((element) => textOf(element)).filter(Boolean);
  return [...new Set(texts)];
}
