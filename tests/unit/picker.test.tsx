// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Picker, type PickerOption } from '../../components/ui/Picker.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const TEAMS: readonly PickerOption[] = [
  { id: 'team-growth', label: 'Growth' },
  { id: 'team-gateway', label: 'Gateway' },
  { id: 'team-payments', label: 'Payments' },
];

/** A search whose answers arrive only when the test releases them, one per query, in the order asked. */
function heldSearch() {
  const pending: { query: string; release(): void }[] = [];
  const search = (query: string) =>
    new Promise<readonly PickerOption[]>((resolve) => {
      const matches = TEAMS.filter((team) => team.label.toLowerCase().startsWith(query.toLowerCase()));
      pending.push({ query, release: () => resolve(matches) });
    });
  const release = async (query: string) => {
    const waiting = pending.find((entry) => entry.query === query);
    if (!waiting) throw new Error(`no search for "${query}" is waiting`);
    await act(async () => waiting.release());
  };
  return { search, release };
}

let root: Root | null = null;
let container: HTMLElement;

afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

function render(search: ReturnType<typeof heldSearch>['search'], onPick: (option: PickerOption) => void) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root?.render(<Picker label="Owning team" options={TEAMS} search={search} onPick={onPick} />));
  return container.querySelector('input') as HTMLInputElement;
}

function type(input: HTMLInputElement, value: string) {
  act(() => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setValue?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const pressEnter = (input: HTMLInputElement) =>
  act(() => {
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  });

describe('the picker when Enter comes before the answer', () => {
  it('picks the typed query’s best match once it arrives, not the previous query’s', async () => {
    const held = heldSearch();
    const onPick = vi.fn();
    const input = render(held.search, onPick);
    type(input, 'G');
    await held.release('G');
    // "G" lists Growth first; the user goes on typing and presses Enter before "Ga" is answered.
    type(input, 'Ga');
    pressEnter(input);
    expect(onPick).not.toHaveBeenCalled();
    await held.release('Ga');
    expect(onPick).toHaveBeenCalledTimes(1);
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ id: 'team-gateway' }));
  });

  it('picks on arrival when nothing was listed yet, and not at all once the query changed again', async () => {
    const held = heldSearch();
    const onPick = vi.fn();
    const input = render(held.search, onPick);
    type(input, 'Pay');
    pressEnter(input);
    await held.release('Pay');
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ id: 'team-payments' }));

    onPick.mockClear();
    type(input, 'Gr');
    pressEnter(input);
    // Typing on takes the Enter back: it meant "Gr", which is no longer the query.
    type(input, 'Gro');
    await held.release('Gr');
    await held.release('Gro');
    expect(onPick).not.toHaveBeenCalled();
  });
});
