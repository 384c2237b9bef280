/**
 * A component in a chunk of its own, for pages that must render before their heavier parts have loaded. Unlike
 * `React.lazy`, which suspends on every first render, a component preloaded in idle time renders in the same frame
 * as the click or view switch that needs it.
 */
import { type ComponentType, useEffect, useState } from 'react';

/** One component in its own chunk, fetched once by `preload()` or by its first use. */
export class Chunk<P> {
  loaded: ComponentType<P> | undefined;
  private loading: Promise<ComponentType<P>> | undefined;
  private readonly load: () => Promise<ComponentType<P>>;
  constructor(load: () => Promise<ComponentType<P>>) {
    this.load = load;
  }
  preload(): Promise<ComponentType<P>> {
    this.loading ??= this.load().then((component) => {
      this.loaded = component;
      return component;
    });
    return this.loading;
  }
}

/** The chunk's component, or undefined until it is in (then the caller renders again with it). */
export function useChunk<P>(chunk: Chunk<P>): ComponentType<P> | undefined {
  const [state, setState] = useState(() => ({ chunk, component: chunk.loaded }));
  const current = state.chunk === chunk ? state.component : chunk.loaded;
  useEffect(() => {
    if (!current) void chunk.preload().then((component) => setState({ chunk, component }));
  }, [chunk, current]);
  return current;
}
