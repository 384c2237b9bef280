/**
 * A windowed list: only the rows in view (plus a few) are in the DOM, so 100,000 rows scroll as smoothly as 100.
 * Rows have one fixed height, which keeps the arithmetic exact and needs no measuring.
 *
 * The list moves live (a poke's pull lands new rows): the row at the top of the view stays where it is on screen
 * when rows come or go above it, so a reader scrolled down keeps their place. At the very top the view stays at the
 * top, so arrivals show (the wall screen). The browser's own scroll anchoring cannot do this here: the rows are
 * placed with transforms, which it does not follow.
 */
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';

const OVERSCAN = 8;

/** The row at the top of the view, by key and index. */
function anchorAt<T>(rows: readonly T[], rowKey: (row: T) => string, rowHeight: number, scrollTop: number) {
  const top = Math.min(rows.length - 1, Math.floor(scrollTop / rowHeight));
  return top >= 0 ? { key: rowKey(rows[top] as T), index: top } : null;
}

export interface VirtualListProps<T> {
  rows: readonly T[];
  rowHeight: number;
  rowKey: (row: T) => string;
  renderRow: (row: T, index: number, selected: boolean) => ReactNode;
  /** The keyboard-selected row; it is scrolled into view when it changes. */
  selectedIndex?: number;
  label: string;
  className?: string;
}

export function VirtualList<T>({
  rows,
  rowHeight,
  rowKey,
  renderRow,
  selectedIndex = -1,
  label,
  className = '',
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 600 });
  /** The row at the top of the view at the last render, and its index then. */
  const anchor = useRef<{ key: string; index: number } | null>(null);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setViewport({ top: element.scrollTop, height: element.clientHeight || 600 });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Before the browser paints the new rows: the anchor row back to its place, then the anchor taken afresh.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const previous = anchor.current;
    if (previous && element.scrollTop > 0) {
      const index =
        rows[previous.index] !== undefined && rowKey(rows[previous.index] as T) === previous.key
          ? previous.index
          : rows.findIndex((row) => rowKey(row) === previous.key);
      if (index >= 0 && index !== previous.index) {
        element.scrollTop += (index - previous.index) * rowHeight;
        setViewport({ top: element.scrollTop, height: element.clientHeight || 600 });
      }
    }
    anchor.current = anchorAt(rows, rowKey, rowHeight, element.scrollTop);
  }, [rows, rowKey, rowHeight]);

  useEffect(() => {
    const element = scroller.current;
    if (!element || selectedIndex < 0) return;
    const top = selectedIndex * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) {
      element.scrollTop = top + rowHeight - element.clientHeight;
    }
  }, [selectedIndex, rowHeight]);

  const first = Math.max(0, Math.floor(viewport.top / rowHeight) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((viewport.top + viewport.height) / rowHeight) + OVERSCAN);
  const visible = rows.slice(first, last);
  return (
    <div
      ref={scroller}
      className={`relative min-h-0 flex-1 overflow-y-auto ${className}`}
      onScroll={(event) => {
        anchor.current = anchorAt(rows, rowKey, rowHeight, event.currentTarget.scrollTop);
        setViewport({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight || 600 });
      }}
    >
      <ul aria-label={label} style={{ height: rows.length * rowHeight }} className="relative">
        {visible.map((row, offset) => {
          const index = first + offset;
          return (
            <li
              key={rowKey(row)}
              aria-current={index === selectedIndex || undefined}
              data-selected={index === selectedIndex || undefined}
              style={{ height: rowHeight, transform: `translateY(${index * rowHeight}px)` }}
              className="absolute inset-x-0 top-0"
            >
              {renderRow(row, index, index === selectedIndex)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
