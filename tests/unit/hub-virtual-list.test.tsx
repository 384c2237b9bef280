// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualList } from '../../components/hub/VirtualList.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const rows = Array.from({ length: 100_000 }, (_, index) => `Row ${index}`);
let container: HTMLDivElement;

function mount(selectedIndex = -1) {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <VirtualList
        label="Rows"
        rows={rows}
        rowHeight={40}
        rowKey={(row) => row}
        selectedIndex={selectedIndex}
        renderRow={(row) => <span>{row}</span>}
      />,
    ),
  );
  return root;
}

const rendered = () => [...container.querySelectorAll('li')].map((li) => li.textContent);

afterEach(() => {
  container.remove();
});

describe('VirtualList', () => {
  it('puts only the rows in view (plus a few) in the DOM, and keeps the full scroll height', () => {
    const root = mount();
    // happy-dom lays nothing out, so the list assumes a 600 px viewport: 15 rows plus 8 of overscan.
    expect(rendered()).toHaveLength(23);
    expect(rendered()[0]).toBe('Row 0');
    expect((container.querySelector('ul') as HTMLElement).style.height).toBe(`${100_000 * 40}px`);
    act(() => root.unmount());
  });

  it('renders the window around the scroll position', () => {
    const root = mount();
    const scroller = container.firstElementChild as HTMLElement;
    act(() => {
      scroller.scrollTop = 40_000;
      scroller.dispatchEvent(new Event('scroll'));
    });
    expect(rendered()[0]).toBe('Row 992');
    expect(rendered()).toContain('Row 1000');
    expect(rendered()).not.toContain('Row 0');
    act(() => root.unmount());
  });

  it('scrolls a keyboard-selected row into view and marks it current', () => {
    const root = mount(5_000);
    const scroller = container.firstElementChild as HTMLElement;
    expect(scroller.scrollTop).toBeGreaterThan(0);
    act(() => scroller.dispatchEvent(new Event('scroll')));
    expect(container.querySelector('li[aria-current="true"]')?.textContent).toBe('Row 5000');
    act(() => root.unmount());
  });
});
