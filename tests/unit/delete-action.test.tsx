// @vitest-environment happy-dom
/** "Delete" on a hub page: a refused or failed delete says why where the user clicked; a successful one goes on. */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeleteAction } from '../../components/hub/views/DeleteAction.tsx';
import { orThrow } from '../../components/ui/attempt.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const button = (text: string) =>
  [...container.querySelectorAll('button')].find((candidate) => candidate.textContent === text) as HTMLButtonElement;

async function confirmDelete(onDelete: () => Promise<unknown>) {
  act(() => root.render(<DeleteAction what="goal" references={[]} onDelete={onDelete} />));
  act(() => button('Delete goal').click());
  await act(async () => button('Delete').click());
}

describe('DeleteAction', () => {
  it('says why a refused delete was refused, and offers it again', async () => {
    await confirmDelete(async () => orThrow({ ok: false, error: { code: 'forbidden', message: 'Members may not' } }));
    expect(container.textContent).toContain('Members may not');
    expect(button('Delete goal')).toBeDefined();
  });

  it('says why a delete failed when the background could not be reached', async () => {
    await confirmDelete(async () => {
      throw new Error('Could not establish connection');
    });
    expect(container.textContent).toContain('Could not establish connection');
  });

  it('runs the delete once per confirmation', async () => {
    let runs = 0;
    await confirmDelete(async () => {
      runs += 1;
    });
    expect(runs).toBe(1);
    expect(container.textContent).not.toContain('Members may not');
  });
});
