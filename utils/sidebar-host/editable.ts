/** Whether focus is somewhere the user types: then a keyboard toggle would steal their keystroke. */
export function isEditable(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  if (element instanceof HTMLTextAreaElement) return !element.readOnly && !element.disabled;
  if (element instanceof HTMLSelectElement) return !element.disabled;
  if (element instanceof HTMLInputElement) {
    const nonText = ['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit'];
    return !nonText.includes(element.type) && !element.readOnly && !element.disabled;
  }
  // An editor inside a same-origin frame (old Jira comment boxes): look at the frame's own focus.
  if (element instanceof HTMLIFrameElement) {
    try {
      return isEditable(element.contentDocument?.activeElement ?? null);
    } catch {
      return false;
    }
  }
  return element.getAttribute('role') === 'textbox';
}
