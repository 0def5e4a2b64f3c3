import type { ReactNode } from 'react';

interface ScreenMessageProps {
  title: string;
  children?: ReactNode;
  /** `alert` for what someone must act on (a revoked wall link), `status` for passing states. */
  tone?: 'alert' | 'status';
  testId?: string;
}

/** A whole-screen message in large type, readable from across a control room. */
export function ScreenMessage({ title, children, tone = 'status', testId }: ScreenMessageProps) {
  return (
    <main
      className={`screen-message screen-message--${tone}`}
      role={tone === 'alert' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <h1 className="screen-message__title">{title}</h1>
      {children && <div className="screen-message__body">{children}</div>}
    </main>
  );
}
