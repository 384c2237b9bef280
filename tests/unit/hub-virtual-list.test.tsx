// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useListKeys } from '../../components/hub/keyboard.ts';
import { VirtualList } from '../../components/hub/VirtualList.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const rows = Array.from({ length: 100_000 }, (_, index) => `Row ${index}`);
let container: HTMLDivElement;

const list = (shown: readonly string[], selectedIndex = -1) => (
  <VirtualList
    label="Rows"
    rows={shown}
    rowHeight={40}
    rowKey={(row) => row}
    selectedIndex={selectedIndex}
    renderRow={(row) => <span>{row}</span>}
  />
);

function mount(selectedIndex = -1) {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(list(rows, selectedIndex)));
  return root;
}

/** The row whose slot is at the top of the view: what the reader sees first. */
const topRow = () => {
  const scroller = container.firstElementChild as HTMLElement;
  const index = Math.floor(scroller.scrollTop / 40);
  return [...container.querySelectorAll('li')].find((li) => li.style.transform === `translateY(${index * 40}px)`)
    ?.textContent;
};

/** What Enter opened, and the way to select a row, in the log below. */
const opened: string[] = [];
let select: (index: number) => void = () => {};
/** The decision log's wiring: the list's keys and the list, as views/Decisions.tsx has them. */
function Log({ shown }: { shown: readonly string[] }) {
  const [selected, choose] = useListKeys(
    shown,
    (row) => row,
    (index) => opened.push(shown[index] as string),
  );
  select = choose;
  return (
    <VirtualList
      label="Rows"
      rows={shown}
      rowHeight={40}
      rowKey={(row) => row}
      selectedIndex={selected}
      renderRow={(row) => <span>{row}</span>}
    />
  );
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

  it('keeps the reader’s place when rows arrive or go above it (a live pull landing), and shows arrivals at the top', () => {
    const root = mount();
    const scroller = container.firstElementChild as HTMLElement;
    act(() => {
      scroller.scrollTop = 40_000;
      scroller.dispatchEvent(new Event('scroll'));
    });
    expect(topRow()).toBe('Row 1000');
    // Three decisions from someone else land at the top of the newest-first log.
    const arrived = ['New 1', 'New 2', 'New 3', ...rows];
    act(() => root.render(list(arrived)));
    expect(topRow()).toBe('Row 1000');
    expect(scroller.scrollTop).toBe(40_120);
    // One row above goes (deleted elsewhere), one below changes: the place holds.
    const changed = arrived.filter((row) => row !== 'Row 5').map((row) => (row === 'Row 2000' ? 'Row 2000b' : row));
    act(() => root.render(list(changed)));
    expect(topRow()).toBe('Row 1000');
    // The same rows again (a pull that changed nothing shown here): nothing moves.
    act(() => root.render(list([...changed])));
    expect(scroller.scrollTop).toBe(40_080);
    // At the very top the view stays at the top, so what arrives is seen.
    act(() => {
      scroller.scrollTop = 0;
      scroller.dispatchEvent(new Event('scroll'));
    });
    act(() => root.render(list(['Newest', ...changed])));
    expect(scroller.scrollTop).toBe(0);
    expect(rendered()[0]).toBe('Newest');
    act(() => root.unmount());
  });

  it('keeps the keyboard-selected row the same row, by key, when rows arrive above it, and the place with it', () => {
    // A laid-out viewport of 600 px (happy-dom reports 0), so the selection's scrolling sees what is in view.
    const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
    const press = (key: string) => act(() => window.dispatchEvent(new KeyboardEvent('keydown', { key })));
    const current = () => container.querySelector('li[aria-current="true"]')?.textContent;
    opened.length = 0;
    try {
      container = document.createElement('div');
      document.body.append(container);
      const root = createRoot(container);
      act(() => root.render(<Log shown={rows} />));
      const scroller = container.firstElementChild as HTMLElement;
      act(() => {
        scroller.scrollTop = 40_000;
        scroller.dispatchEvent(new Event('scroll'));
      });
      act(() => select(1005));
      press('j');
      expect(current()).toBe('Row 1006');
      expect(scroller.scrollTop).toBe(40_000);
      // Three decisions from a colleague land at the top: the selection stays on Row 1006, the view on Row 1000.
      act(() => root.render(<Log shown={['New 1', 'New 2', 'New 3', ...rows]} />));
      expect(current()).toBe('Row 1006');
      expect(topRow()).toBe('Row 1000');
      expect(scroller.scrollTop).toBe(40_120);
      // The keys go on from that row, and Enter opens it.
      press('j');
      expect(current()).toBe('Row 1007');
      press('Enter');
      expect(opened).toEqual(['Row 1007']);
      expect(topRow()).toBe('Row 1000');
      act(() => root.unmount());
    } finally {
      if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
    }
  });
});
