import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { cityQuery } from '../api/city.js';
import { type CityTime, UTC_TIME } from '../lib/format.js';

/** The city's time zone and locale for lib/format.ts; UTC (labelled as such) until the city model arrives. */
export function useCityTime(): CityTime {
  const { data: city } = useQuery(cityQuery);
  const timeZone = city?.timezone;
  const locale = city?.locale;
  return useMemo(() => (timeZone ? { timeZone, locale } : UTC_TIME), [timeZone, locale]);
}
