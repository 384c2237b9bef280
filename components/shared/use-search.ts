import { useEffect, useState } from 'react';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { SearchKind } from '../../utils/search/records.ts';
import type { SearchHit } from '../../utils/search/search-index.ts';

export type SearchState =
  | { status: 'idle' | 'searching' | 'done'; hits: SearchHit[] }
  | { status: 'failed'; hits: SearchHit[]; message: string };

type Answer = { query: string; hits: SearchHit[]; failed?: string };

/**
 * The background's search (the omnibox's engine, over every cached record) as a hook: the latest query wins, and
 * the previous hits stay on screen while the next answer is on its way, so typing does not flicker. An answer
 * counts as done only for the query it was asked for.
 */
export function useSearch(query: string, options: { limit?: number; kinds?: readonly SearchKind[] } = {}): SearchState {
  const text = query.trim();
  const [answer, setAnswer] = useState<Answer>({ query: '', hits: [] });
  const kinds = options.kinds?.join(',');
  const limit = options.limit ?? 8;
  useEffect(() => {
    if (!text) return;
    let current = true;
    void sendMessage('search.query', {
      query: text,
      limit,
      kinds: kinds ? (kinds.split(',') as SearchKind[]) : undefined,
    }).then((result) => {
      if (!current) return;
      setAnswer(
        result.ok ? { query: text, hits: result.value } : { query: text, hits: [], failed: result.error.message },
      );
    });
    return () => {
      current = false;
    };
  }, [text, limit, kinds]);
  if (!text) return { status: 'idle', hits: [] };
  if (answer.query !== text) return { status: 'searching', hits: answer.hits };
  return answer.failed !== undefined
    ? { status: 'failed', hits: [], message: answer.failed }
    : { status: 'done', hits: answer.hits };
}
