import type { ReactNode } from 'react';

/** A titled section with an optional note under the title. */
export function Panel({
  title,
  note,
  children,
  className,
}: {
  title: string;
  note?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`panel ${className ?? ''}`} aria-label={title}>
      <h2>{title}</h2>
      {note ? <p className="panel-note">{note}</p> : null}
      {children}
    </section>
  );
}
