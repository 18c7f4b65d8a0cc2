import { useContext, useEffect, useRef, useState } from 'react';
import { LabStoreContext, useLab } from '../state/useLab';
import { TOUR_STEPS } from './tourSteps';

/** Starts the guided tour. */
export function TourButton() {
  const setStep = useLab((s) => s.setTourStep);
  return (
    <button type="button" data-testid="tour-start" onClick={() => setStep(0)}>
      Take the tour
    </button>
  );
}

/**
 * The tour overlay: highlights the step's target, waits for the learner where the step asks for
 * an action, and is driven by keyboard (Space / → next, ← back, Esc close) as well as buttons.
 */
export function Tour() {
  const step = useLab((s) => s.tourStep);
  const setStep = useLab((s) => s.setTourStep);
  const store = useContext(LabStoreContext);
  const [rect, setRect] = useState<DOMRect | null>(null);
  const [satisfied, setSatisfied] = useState(false);
  // The step whose action is done, read by the key handler: keys can arrive faster than React
  // renders, so next/back read the store and this ref, never a render's closure.
  const doneStep = useRef<number | null>(null);
  const start = useRef(store?.getState());
  const s = step === null ? null : TOUR_STEPS[step];

  // Track the target; waiting steps advance by themselves once done.
  useEffect(() => {
    if (!s || !store) return;
    start.current = store.getState();
    setSatisfied(!s.done);
    doneStep.current = s.done ? null : step;
    if (s.tab) store.getState().setTab(s.tab);
    // The tab renders first; then find the target, bring it into view and spotlight it.
    const place = () => setRect(document.querySelector(s.target)?.getBoundingClientRect() ?? null);
    const frame = requestAnimationFrame(() => {
      document.querySelector(s.target)?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
      place();
    });
    const onScroll = place;
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onScroll);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = (st: ReturnType<typeof store.getState>) => {
      if (timer || !s.done || !start.current || !s.done(st, start.current)) return;
      setSatisfied(true);
      doneStep.current = step;
      // Done: go on by itself after a beat, so the learner sees the tick.
      timer = setTimeout(() => {
        if (store.getState().tourStep === step) store.getState().setTourStep((step ?? 0) + 1);
      }, 900);
    };
    const unsub = store.subscribe(check);
    // A step may be done on arrival (the ACT pane is already there): no store change would tell.
    check(store.getState());
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      unsub();
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onScroll);
    };
  }, [s, store, step]);

  const last = step !== null && step === TOUR_STEPS.length - 1;
  const next = () => {
    const cur = store?.getState().tourStep ?? null;
    if (cur === null) return;
    if (cur === TOUR_STEPS.length - 1) setStep(null);
    else if (!TOUR_STEPS[cur]?.done || doneStep.current === cur) setStep(cur + 1);
  };
  const back = () => {
    const cur = store?.getState().tourStep ?? null;
    if (cur !== null && cur > 0) setStep(cur - 1);
  };
  const keys = useRef({ next, back });
  keys.current = { next, back };
  useEffect(() => {
    if (step === null) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      // Typing and selecting keep their keys. On a slider, arrows move it while the step waits
      // for that (τ); once nothing is asked, → and ← drive the tour again.
      if (t?.tagName === 'SELECT' || t?.tagName === 'TEXTAREA') return;
      const cur = store?.getState().tourStep ?? null;
      const waiting = cur !== null && !!TOUR_STEPS[cur]?.done && doneStep.current !== cur;
      if (t instanceof HTMLInputElement && (t.type !== 'range' || (waiting && e.key !== ' '))) return;
      if (e.key === ' ' || e.key === 'ArrowRight') {
        e.preventDefault();
        keys.current.next();
      } else if (e.key === 'ArrowLeft') keys.current.back();
      else if (e.key === 'Escape') setStep(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, setStep, store]);

  if (!s || step === null) return null;
  return (
    <>
      {rect ? (
        <div className="tour-highlight" aria-hidden="true"
          style={{ left: rect.left - 6, top: rect.top - 6, width: rect.width + 12, height: rect.height + 12 }} />
      ) : null}
      <div className="tour-card" role="dialog" aria-modal="false" aria-labelledby="tour-title" data-testid="tour" data-step={step}>
        <p className="tour-count">Step {step + 1} of {TOUR_STEPS.length}</p>
        <h2 id="tour-title">{s.title}</h2>
        <p>{s.text}</p>
        {s.action ? (
          <p className={satisfied ? 'tour-action done' : 'tour-action'} data-testid="tour-action">
            {satisfied ? '✓ Done — moving on…' : s.action}
          </p>
        ) : null}
        <div className="tour-buttons">
          <button type="button" onClick={back} disabled={step === 0}>Back</button>
          <button type="button" onClick={next} disabled={!satisfied} data-testid="tour-next">{last ? 'Finish' : 'Next'}</button>
          <button type="button" onClick={() => setStep(null)}>Close</button>
        </div>
        <p className="tour-keys">Keys: Space or → next · ← back · Esc close</p>
      </div>
    </>
  );
}
