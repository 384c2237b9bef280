/**
 * A windowed list: only the rows in view (plus a few) are in the DOM, so 100,000 rows scroll as smoothly as 100.
 * Rows have one fixed height, which keeps the arithmetic exact and needs no measuring.
 */
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';

const OVERSCAN = 8;

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

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setViewport({ top: element.scrollTop, height: element.clientHeight || 600 });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

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
      onScroll={(event) =>
        setViewport({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight || 600 })
      }
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
