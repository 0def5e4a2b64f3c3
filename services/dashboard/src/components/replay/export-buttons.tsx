/**
 * Export what the window shows: incidents as CSV or GeoJSON (with their timelines), the readings as CSV
 * (the server's export endpoints, with the window and the department filter; the server names the file
 * after the window), and the playback as a WebM video recorded from the map while it plays.
 */
import { exportHref } from '../../api/replay.js';
import type { ReplaySession } from '../../replay/replay-session.js';
import { VideoRecorder } from './video-recorder.js';

export function ExportButtons({
  session,
  department,
}: {
  session: ReplaySession;
  department: string | null;
}) {
  const filter = { from: session.from, to: session.to, department };
  return (
    <section className="replay-export" aria-label="Export">
      <h2 className="replay-heading">Export the window</h2>
      <div className="replay-export__links">
        <a href={exportHref('incidents.csv', filter)} download data-testid="export-incidents-csv">
          Incidents (CSV)
        </a>
        <a href={exportHref('incidents.geojson', filter)} download data-testid="export-incidents-geojson">
          Incidents (GeoJSON)
        </a>
        <a href={exportHref('readings.csv', filter)} download data-testid="export-readings-csv">
          Readings (CSV)
        </a>
        <VideoRecorder session={session} />
      </div>
    </section>
  );
}
