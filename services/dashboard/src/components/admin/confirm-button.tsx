import { useEffect, useRef, useState } from 'react';

interface ConfirmButtonProps {
  label: string;
  /** The question, naming exactly what goes ("Delete j.doe? They can no longer sign in."). */
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  testId?: string;
}

/**
 * A destructive action in two steps: the button turns into a question with the real button next to
 * Cancel, focused on Cancel so a stray Enter does no harm.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  testId,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        className="access__danger-quiet"
        disabled={disabled}
        onClick={() => setAsking(true)}
        data-testid={testId}
      >
        {label}
      </button>
    );
  }
  return (
    <fieldset className="access__confirm" aria-label={question}>
      <span className="access__confirm-question">{question}</span>
      <button
        type="button"
        className="access__danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={testId ? `${testId}-confirm` : undefined}
      >
        {confirmLabel}
      </button>
      <button type="button" ref={cancelRef} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </fieldset>
  );
}
