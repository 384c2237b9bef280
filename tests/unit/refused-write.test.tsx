// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusedWriteText } from '../../components/shared/RefusedWriteText.tsx';
import type { LocalWrite } from '../../utils/db/commands.ts';
import type { OutboxRow } from '../../utils/db/schema.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const refused: OutboxRow = {
  seq: 1,
  mutationId: '00000000-0000-4000-8000-0000000000a1',
  mutation: {
    mutationId: '00000000-0000-4000-8000-0000000000a1',
    type: 'decision.create',
    id: '00000000-0000-4000-8000-0000000000d1',
    data: {
      title: 'Ship retries',
      rationale: 'Soft declines recover.\nTwice is enough.',
      status: 'accepted',
      decidedAt: '2026-04-01T12:00:00Z',
      decidedBy: 'Ana',
      teamId: null,
      goalId: null,
      itemKeys: [],
      quote: null,
      sourceUrl: null,
      supersedes: null,
    },
  },
  touches: ['decision:00000000-0000-4000-8000-0000000000d1'],
  status: 'rejected',
  attempts: 1,
  createdAt: 1,
  error: { code: 'invalid', message: 'title: not allowed' },
};

let container: HTMLDivElement;
let root: Root;
function render(row: OutboxRow, writes: LocalWrite[] = []) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root.render(
      <RefusedWriteText
        row={row}
        write={async (write) => {
          writes.push(write);
          return { ok: true, value: { ids: [], mutationIds: [] } };
        }}
      />,
    ),
  );
  return writes;
}
const button = (name: string) =>
  [...container.querySelectorAll('button')].find((candidate) => candidate.textContent === name);

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('a refused write', () => {
  it('shows every word it carried, and sends it again with the text edited', async () => {
    const writes = render(refused);
    const texts = [...container.querySelectorAll('[data-write-text]')].map((node) => node.textContent);
    expect(texts).toEqual(['Ship retries', 'Soft declines recover.\nTwice is enough.']);

    act(() => button('Edit')?.click());
    const [title] = [...container.querySelectorAll('textarea')];
    expect(title?.value).toBe('Ship retries');
    act(() => {
      const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(title), 'value')?.set;
      setValue?.call(title, 'Ship two retries');
      title?.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => button('Send again')?.click());
    expect(writes).toEqual([
      {
        kind: 'editRefused',
        mutationId: refused.mutationId,
        texts: { title: 'Ship two retries', rationale: 'Soft declines recover.\nTwice is enough.' },
      },
    ]);
    expect(container.querySelector('form')).toBeNull();
  });

  it('shows the text of a conflicting write without offering an edit, and nothing for a write without text', () => {
    render({ ...refused, status: 'conflict' });
    expect(container.textContent).toContain('Ship retries');
    expect(button('Edit')).toBeUndefined();
    act(() => root.unmount());
    container.remove();
    render({
      ...refused,
      mutation: { mutationId: refused.mutationId, type: 'link.delete', id: '00000000-0000-4000-8000-0000000000e1' },
    });
    expect(container.textContent).toBe('');
  });
});
