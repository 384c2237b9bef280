// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../components/ui/ErrorBoundary.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
let broken = true;

function View({ name }: { name: string }) {
  if (broken) throw new TypeError("Cannot read properties of undefined (reading 'map')");
  return <p data-view={name}>{name} works</p>;
}

function render(route: string) {
  act(() =>
    root.render(
      <div>
        <nav>navigation</nav>
        <ErrorBoundary what="this view" resetKey={route}>
          <View name={route} />
        </ErrorBoundary>
      </div>,
    ),
  );
}

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

describe('ErrorBoundary', () => {
  it('keeps a render failure inside the view, says so, and recovers on retry or on another route', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    broken = true;
    render('#/goals/1');
    expect(container.querySelector('nav')?.textContent).toBe('navigation');
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Hallway could not show this view');
    expect(alert?.textContent).toContain("reading 'map'");
    expect(alert?.textContent).toContain('unsent changes are safe');

    broken = false;
    act(() => container.querySelector('button')?.click());
    expect(container.querySelector('[data-view]')?.textContent).toBe('#/goals/1 works');

    broken = true;
    render('#/goals/2');
    expect(container.querySelector('[role="alert"]')).not.toBeNull();
    broken = false;
    render('#/teams');
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(container.querySelector('[data-view]')?.textContent).toBe('#/teams works');
  });
});
