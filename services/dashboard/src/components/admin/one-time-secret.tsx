import { useRef, useState } from 'react';

interface OneTimeSecretProps {
  title: string;
  value: string;
  /** What it is for and what to do with it. */
  note: string;
  onDone: () => void;
  testId?: string;
}

/**
 * A secret the server returns once (an API token, a kiosk link): shown with a copy button and a plain
 * warning, kept only in this component's state, gone once dismissed.
 */
export function OneTimeSecret({ title, value, note, onDone, testId }: OneTimeSecretProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // NOTE: the clipboard API needs a secure context (https or localhost); over plain http on a LAN it is
      // missing, so the text is selected for Ctrl+C instead.
      inputRef.current?.select();
      setCopied('failed');
    }
  };

  return (
    <section className="access__secret" aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <p className="access__warning">
        Shown once. Copy it now: it cannot be shown again. Anyone who has it gets in, so keep it like a
        password.
      </p>
      <div className="access__secret-row">
        <input
          ref={inputRef}
          readOnly
          value={value}
          aria-label={title}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          data-testid={testId ? `${testId}-value` : undefined}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p className="access__secret-note" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard. ' : ''}
        {copied === 'failed' ? 'Copying is not allowed here: the text is selected, press Ctrl+C. ' : ''}
        {note}
      </p>
      <button type="button" onClick={onDone}>
        Done, I have copied it
      </button>
    </section>
  );
}
