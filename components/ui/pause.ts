/**
 * The sidebar's action pause as React context (the rules: `utils/sidebar-host/pause.ts`). Outside a provider (the
 * hub, the popup, the options page) actions are always on. Every actionable primitive reads it:
 *
 *   const paused = useActionsPaused();   // 'covered' | 'settling' | false
 *
 * `Button` and `Picker` already do, so a new control built from them (a remove button, a picker) obeys the pause
 * with nothing to add. A control that is not one of them must read it too, or the architecture test fails.
 */
import { createContext, useContext } from 'react';
import type { ActionsPause } from '../../utils/sidebar-host/pause.ts';

export const ActionsPauseContext = createContext<ActionsPause>({ state: 'on' });

/** False while actions act; otherwise why not: `covered` (disable the control) or `settling` (leave it be, inert). */
export function useActionsPaused(): 'covered' | 'settling' | false {
  const pause = useContext(ActionsPauseContext);
  return pause.state === 'on' ? false : pause.state;
}
