/** What a view shows while its data is on the way. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="px-6 py-8 text-xs text-zinc-500" aria-busy="true">
      Loading {what}…
    </p>
  );
}
