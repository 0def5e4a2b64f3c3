/**
 * The playback as a video: while recording, every animation frame copies the map's canvases (MapLibre's
 * basemap and deck.gl's three non-interleaved overlays, map/map-view.tsx, bottom first) into one
 * canvas, which MediaRecorder records through captureStream as WebM. Recording starts playback; stopping it
 * (or the end of the window) downloads the file, named after the window.
 */
import { useEffect, useRef, useState } from 'react';
import { mapCanvases } from '../../map/camera.js';
import type { ReplaySession } from '../../replay/replay-session.js';

const FPS = 30;

/** "replay-2020-04-07T0700Z-2020-04-08T0700Z.webm": the window, in UTC, in the name. */
export function videoFileName(from: number, to: number): string {
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/:/g, '') + 'Z';
  return `replay-${stamp(from)}-${stamp(to)}.webm`;
}

function supported(): boolean {
  return (
    typeof MediaRecorder !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function'
  );
}

export function VideoRecorder({ session }: { session: ReplaySession }) {
  const [recording, setRecording] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const stopRef = useRef<(() => void) | null>(null);
  useEffect(() => () => stopRef.current?.(), []);

  const start = () => {
    const sources = mapCanvases();
    const base = sources[0];
    if (!base) return setProblem('The map is not drawn yet.');
    const composite = document.createElement('canvas');
    composite.width = base.width;
    composite.height = base.height;
    const ctx = composite.getContext('2d');
    if (!ctx) return setProblem('This browser cannot record the map.');
    let raf = 0;
    const draw = () => {
      raf = requestAnimationFrame(draw);
      ctx.fillStyle = '#0a0e16';
      ctx.fillRect(0, 0, composite.width, composite.height);
      for (const canvas of sources) ctx.drawImage(canvas, 0, 0, composite.width, composite.height);
      // The recording ends with the window.
      if (session.clock.state() === 'ended') stop();
    };
    draw();
    const recorder = new MediaRecorder(composite.captureStream(FPS), { mimeType: 'video/webm' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    recorder.onstop = () => {
      cancelAnimationFrame(raf);
      const url = URL.createObjectURL(new Blob(chunks, { type: 'video/webm' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = videoFileName(session.from, session.to);
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    };
    const stop = () => {
      stopRef.current = null;
      if (recorder.state !== 'inactive') recorder.stop();
      setRecording(false);
    };
    stopRef.current = stop;
    recorder.start(1000);
    if (!session.clock.isPlaying) session.clock.play(performance.now());
    setProblem(null);
    setRecording(true);
  };

  if (!supported())
    return <span className="replay-export__note">Video needs a browser with MediaRecorder.</span>;
  return (
    <>
      <button
        type="button"
        data-testid="export-video"
        aria-pressed={recording}
        onClick={() => (recording ? stopRef.current?.() : start())}
      >
        {recording ? '■ Stop recording and save' : '● Record the playback (WebM)'}
      </button>
      {problem && <span role="alert">{problem}</span>}
    </>
  );
}
