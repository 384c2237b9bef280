import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '../../utils/i18n.ts';
import { Button } from './Button.tsx';
import { EmptyState } from './EmptyState.tsx';

interface Props {
  /** What failed, for the message: "this view", "the sidebar". */
  what: string;
  /** A new key (another route, another item) clears the failure and renders the children again. */
  resetKey: string;
  children: ReactNode;
}

/**
 * Keeps a render failure inside the part that failed. Without it React unmounts the whole page: the hub would lose
 * its navigation, the sidebar its close button. Nothing is lost: the mirror and the outbox live in IndexedDB.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null; key: string }> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`Hallway: ${this.props.what} failed to render`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" data-render-failed className="p-6">
        <EmptyState
          title={t('error.couldNotShow', { what: this.props.what })}
          action={
            <Button size="sm" onClick={() => this.setState({ error: null })}>
              {t('error.tryAgain')}
            </Button>
          }
        >
          {error.message || t('error.unexpected')} {t('error.safe')}
        </EmptyState>
      </div>
    );
  }
}
