import { useState } from 'react';
import { useLabStore } from '../../state/useLab';
import { linkOf } from '../../url/codec';

/** Copies the current link (the whole experiment) to the clipboard, and says so. */
export function CopyLink({ link, label = 'Copy link', testId = 'copy-link' }: { link?: string; label?: string; testId?: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  const store = useLabStore();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link ?? linkOf(store.getState().experiment, window.location));
      setDone('copied');
    } catch {
      setDone('failed');
    }
    setTimeout(() => setDone('idle'), 2000);
  };
  return (
    <button type="button" className="copy-link" data-testid={testId} onClick={() => void copy()}>
      {done === 'copied' ? 'Link copied' : done === 'failed' ? 'Select the address bar to copy' : label}
    </button>
  );
}
