import { useQuery } from '@tanstack/react-query';
import { type Attribution, cityQuery } from '../api/city.js';

/** Data credits required by the licences (ODbL, Protomaps, DataSF), always on screen. */
export function AttributionBar() {
  const { data: city } = useQuery(cityQuery);
  const attributions: Attribution[] = city?.attributions ?? FALLBACK;
  return (
    <footer className="attributions" data-testid="attributions">
      {attributions.map((a, index) => (
        <span key={a.text}>
          {index > 0 && ' · '}
          {a.url ? (
            <a href={a.url} target="_blank" rel="noreferrer">
              {a.text}
            </a>
          ) : (
            a.text
          )}
        </span>
      ))}
    </footer>
  );
}

// NOTE: shown while the city model is not loaded yet, so the credit never disappears from the map.
const FALLBACK: Attribution[] = [
  { text: '© OpenStreetMap contributors' },
  { text: 'Protomaps' },
  { text: 'DataSF' },
];
