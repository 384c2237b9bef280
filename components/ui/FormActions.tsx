import { t } from '../../utils/i18n.ts';
import { Button } from './Button.tsx';
import { ErrorText } from './ErrorText.tsx';

/** The submit, cancel and error row that ends every hub form. */
export function FormActions({
  submitLabel,
  onCancel,
  error,
  disabled = false,
  className = '',
}: {
  submitLabel: string;
  onCancel: () => void;
  error: string | null;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <div className={`flex items-center gap-2 ${className}`}>
      <Button type="submit" variant="primary" disabled={disabled}>
        {submitLabel}
      </Button>
      <Button variant="ghost" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
