import { MODELS } from '../../schema/models';
import { useLab } from '../../state/useLab';

/** A link asked for a hub model: say how large it is and download only when the user agrees. */
function DownloadAsk() {
  const ask = useLab((s) => s.downloadAsk);
  const allow = useLab((s) => s.allowDownload);
  if (!ask) return null;
  const info = MODELS[ask];
  return (
    <div className="notices" role="alert" data-testid="download-ask">
      This link opens {info.name}, a download of about {Math.round(info.bytes / 1e6)} MB from Hugging Face (kept in this
      browser's cache afterwards). The results on screen stay until you agree.{' '}
      <button type="button" data-testid="download-ok" onClick={() => allow(ask)}>Download {info.name}</button>
    </div>
  );
}

/** Problems the user can act on: a bad link, a failed run, no WebGPU. Text only, never HTML. */
export function Notices() {
  const notices = useLab((s) => s.notices);
  const gpuError = useLab((s) => s.gpu.error);
  const all = gpuError ? [{ field: gpuError.kind, message: gpuError.message }, ...notices] : notices;
  if (all.length === 0) return <DownloadAsk />;
  return (
    <>
    <DownloadAsk />
    <div className="notices" role="alert" data-testid="notices">
      <ul>
        {all.map((n, i) => (
          <li key={i}>
            <strong>{n.field}</strong>: {n.message}
          </li>
        ))}
      </ul>
    </div>
    </>
  );
}
