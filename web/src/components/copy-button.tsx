import { useState } from 'preact/hooks';
import { labels } from '../labels';

/** "Copy" puts `text` on the clipboard, then says "Copied". */
export const CopyButton = ({ text }: { text: string }) => {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };
  return (
    <button type="button" class="button-secondary" onClick={() => void copy()}>
      {copied ? labels.common.copied : labels.common.copy}
    </button>
  );
};
