import type { ComponentChildren } from 'preact';
import type { Address } from '../api/types';
import { labels } from '../labels';
import { addressLines } from '../lib/format';

/** A labelled value in a record's detail list (<dl class="details">). */
export const Detail = ({
  label,
  children,
  class: className,
}: {
  label: string;
  children: ComponentChildren;
  class?: string;
}) => (
  <div>
    <dt>{label}</dt>
    <dd class={className}>{children}</dd>
  </div>
);

export const AddressBlock = ({ address }: { address: Address | undefined }) => {
  const lines = addressLines(address);
  if (lines.length === 0) return <>{labels.common.none}</>;
  return (
    <address>
      {lines.map((line) => (
        <span key={line} class="line">
          {line}
        </span>
      ))}
    </address>
  );
};
