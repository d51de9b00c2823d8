import type { ReactNode } from 'react';

/**
 * A wide table scrolls sideways inside its own box on a phone; the box takes keyboard focus so it
 * can be scrolled without a mouse.
 */
export function TableScroll({
  label,
  className = 'report-table-scroll',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className={className} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
