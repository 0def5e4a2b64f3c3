import type { MouseEvent, ReactNode } from 'react';
import { useUiStore } from '../state/ui-store.js';
import { encodeUrlState, type UrlState } from '../state/url-state.js';

interface LinkProps {
  to: string;
  patch?: Partial<UrlState>;
  className?: string;
  children: ReactNode;
  'aria-current'?: 'page';
  title?: string;
  'data-testid'?: string;
}

/** A real <a href> (open in new tab, copy link work) that navigates in-page on a plain click. */
export function Link({ to, patch, className, children, ...rest }: LinkProps) {
  const url = useUiStore((s) => s.url);
  const navigate = useUiStore((s) => s.navigate);
  const href = `${to}${encodeUrlState({ ...url, ...patch })}`;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to, patch);
  };
  return (
    <a href={href} className={className} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
