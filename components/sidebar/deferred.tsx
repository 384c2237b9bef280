/**
 * What the sidebar needs only after its first render, loaded on demand so the cold frame evaluates React and the
 * sidebar's own code alone before that render: the live layer over the mirror (Dexie, the resolver, zod through
 * the contract) and the action forms and pickers (fuse.js). Each renders nothing until its chunk is in.
 */
import type { ComponentProps } from 'react';
import type { DecisionForm as DecisionFormComponent } from '../decision/DecisionForm.tsx';
import { Chunk, useChunk } from '../ui/chunk.ts';
import type { PickerProps } from '../ui/Picker.tsx';
import type { LiveFeed as LiveFeedComponent } from './live-data.tsx';
import type { RelatedPicker as RelatedPickerComponent } from './RelatedPicker.tsx';

/** Renders the chunk's component once it is in: a form opened after the preload appears with the click. */
function Deferred<P extends object>({ chunk, props }: { chunk: Chunk<P>; props: P }) {
  const Component = useChunk(chunk);
  return Component ? <Component {...props} /> : null;
}

const liveFeed = new Chunk(async () => (await import('./live-data.tsx')).LiveFeed);
const picker = new Chunk(async () => (await import('../ui/Picker.tsx')).Picker);
const decisionForm = new Chunk(async () => (await import('../decision/DecisionForm.tsx')).DecisionForm);
const relatedPicker = new Chunk(async () => (await import('./RelatedPicker.tsx')).RelatedPicker);

export const LiveFeed = (props: ComponentProps<typeof LiveFeedComponent>) => (
  <Deferred chunk={liveFeed} props={props} />
);
export const Picker = (props: PickerProps) => <Deferred chunk={picker} props={props} />;
export const DecisionForm = (props: ComponentProps<typeof DecisionFormComponent>) => (
  <Deferred chunk={decisionForm} props={props} />
);
export const RelatedPicker = (props: ComponentProps<typeof RelatedPickerComponent>) => (
  <Deferred chunk={relatedPicker} props={props} />
);

/** Fetches the action forms before the first click on one, right after the first render. */
export function preloadActions(): void {
  void picker.preload();
  void decisionForm.preload();
  void relatedPicker.preload();
}
