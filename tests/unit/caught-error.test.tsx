// @vitest-environment happy-dom
/**
 * An error caught in a page (a write that threw, a search that failed, an import step) is said as a sentence of the
 * catalogue in the user's language: a refusal as the background said it, a known code from its code, and anything
 * else as "An unexpected error" with the exception's own (English) words only as its detail.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { attempt, orThrow } from '../../components/ui/attempt.ts';
import { Picker } from '../../components/ui/Picker.tsx';
import { RefusedError } from '../../utils/errors.ts';
import { sayCaught } from '../../utils/i18n.ts';
import { MessageError, message } from '../../utils/message.ts';
import { speaking } from '../support/locale-messages.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
});

describe('caught errors in words', () => {
  it('says an exception, a coded error, a refusal and a MessageError in German', async () => {
    const said = await speaking('de', () => [
      sayCaught(new Error('Database has been closed')),
      sayCaught(Object.assign(new Error('network'), { code: 'network', params: { base: 'https://hallway.test' } })),
      sayCaught(new RefusedError({ code: 'added_later', message: 'wie der Hintergrund es sagte' })),
      sayCaught(new MessageError('not_signed_in', message('error.notSignedIn'))),
      sayCaught('kaputt'),
    ]);
    expect(said).toEqual([
      'Ein unerwarteter Fehler: Database has been closed',
      'https://hallway.test ist nicht erreichbar.',
      'wie der Hintergrund es sagte',
      'Melde dich zuerst in den Optionen bei einem Hallway-Server an.',
      'Ein unerwarteter Fehler: kaputt',
    ]);
  });

  it('gives attempt() the sentence of a write that threw, and orThrow() keeps the refusal as it was said', async () => {
    const shown: (string | null)[] = [];
    await speaking('de', async () => {
      await attempt(
        async () => {
          throw new TypeError("Cannot read properties of undefined (reading 'id')");
        },
        (text) => shown.push(text),
      );
      await attempt(
        async () => orThrow({ ok: false, error: { code: 'forbidden', message: 'Gesagt.' } }),
        (text) => shown.push(text),
      );
    });
    expect(shown).toEqual([
      null,
      "Ein unerwarteter Fehler: Cannot read properties of undefined (reading 'id')",
      null,
      'Gesagt.',
    ]);
  });

  it("shows a picker's failed search in German", async () => {
    const container = document.createElement('div');
    document.body.append(container);
    const failing = async () => {
      throw new Error('Search worker crashed');
    };
    await speaking('de', async () => {
      root = createRoot(container);
      act(() => root?.render(<Picker label="Team" options={[]} search={failing} onPick={() => {}} />));
      const input = container.querySelector('input') as HTMLInputElement;
      await act(async () => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, 'gro');
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await act(async () => {});
    });
    expect(container.textContent).toContain('Suche fehlgeschlagen: Ein unerwarteter Fehler: Search worker crashed');
    container.remove();
  });
});
